import { constants } from 'node:os';
import type { Logger } from '@ops/logger';
import type { Tracing } from '@ops/tracing';

/** What `runUntilSignal` runs: a started service that closes itself in order and logs as it goes. */
export interface RunningService {
  close(): Promise<void>;
  logger: Logger;
}

/**
 * Runs a service until SIGTERM or SIGINT, then closes it once and exits 0 (1 if a step of the close failed).
 * This is the only signal handler of a service process: Nest's own shutdown hooks are off (see createHttpApp),
 * because Nest re-raises the signal once its part is done, which killed the process (status 143) before the
 * dispatcher, the relay, NATS and the database were closed. A second signal during the close exits at once
 * with the signal's usual status (128 + its number), for an operator who will not wait. A start-up failure
 * exits 1. With `tracing`, the spans still waiting are exported after the close (at most a few seconds).
 */
export async function runUntilSignal(start: () => Promise<RunningService>, tracing?: Tracing): Promise<void> {
  let service: RunningService;
  try {
    service = await start();
  } catch (err) {
    process.stderr.write(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  }
  const flushTraces = async () => {
    await tracing?.shutdown().catch((err: unknown) => service.logger.warn({ err }, 'shutdown: spans not exported'));
  };
  // pino writes asynchronously: flushed first, the last lines are neither lost nor out of order.
  const exit = (code: number) => {
    setTimeout(() => process.exit(code), 1000).unref();
    service.logger.flush(() => process.exit(code));
  };
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      service.logger.warn({ signal }, 'second signal: exiting now, shutdown unfinished');
      exit(128 + constants.signals[signal]);
      return;
    }
    closing = true;
    service.logger.info({ signal }, 'shutdown: started');
    service.close().then(
      async () => {
        await flushTraces();
        service.logger.info('shutdown: complete');
        exit(0);
      },
      async (err: unknown) => {
        await flushTraces();
        service.logger.error({ err }, 'shutdown: finished with a failed step');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
