import { constants } from 'node:os';
import type { Logger } from '@ops/logger';

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
 * exits 1.
 */
export async function runUntilSignal(start: () => Promise<RunningService>): Promise<void> {
  let service: RunningService;
  try {
    service = await start();
  } catch (err) {
    process.stderr.write(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  }
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
      () => {
        service.logger.info('shutdown: complete');
        exit(0);
      },
      (err: unknown) => {
        service.logger.error({ err }, 'shutdown: finished with a failed step');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
