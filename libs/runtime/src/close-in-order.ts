import type { Logger } from '@ops/logger';

/** One step of a shutdown: what it closes (for the log line) and how. */
export type CloseStep = readonly [what: string, close: () => Promise<unknown>];

/**
 * Runs a shutdown's steps one after the other, logging each with its duration, so that an operator reads in
 * the log how far a shutdown got. A failing step is logged and the later ones still run (one stuck dependency
 * must not leave the others open); the first failure is thrown at the end, so the process does not exit 0.
 */
export async function closeInOrder(logger: Logger, steps: readonly CloseStep[]): Promise<void> {
  let failure: unknown;
  for (const [what, close] of steps) {
    const startedAt = Date.now();
    try {
      await close();
      logger.info({ step: what, ms: Date.now() - startedAt }, `shutdown: ${what}`);
    } catch (err) {
      logger.error({ err, step: what, ms: Date.now() - startedAt }, `shutdown: ${what} failed`);
      failure ??= err;
    }
  }
  if (failure !== undefined) throw failure;
}
