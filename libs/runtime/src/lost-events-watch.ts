import type { Logger } from '@ops/logger';
import type { NatsConnection } from '@ops/messaging';
import type { OutboxVerifier } from '@ops/outbox';
import { Periodic } from './periodic.js';

export interface LostEventsWatchOptions {
  verifier: OutboxVerifier;
  nats: NatsConnection;
  logger: Logger;
  intervalMs: number;
}

/**
 * After a reconnection, how often and how long to retry a check that fails while the server's JetStream recovers,
 * or that found the relay publishing (it holds the outbox's lock then, and the check looks at nothing).
 */
const AFTER_RECONNECT_RETRY_MS = 1000;
const AFTER_RECONNECT_TRIES = 30;

/**
 * Checks the stream for events it acknowledged and then lost: every `intervalMs`, and at once after each
 * reconnection to NATS (a restarted server is when a loss shows), retrying while JetStream comes back.
 */
export class LostEventsWatch {
  private readonly periodic: Periodic;
  private stopped = false;

  constructor(private readonly options: LostEventsWatchOptions) {
    this.periodic = new Periodic(() => options.verifier.verify(), {
      intervalMs: options.intervalMs,
      logger: options.logger,
      what: 'checking the stream for lost events',
    });
  }

  start(): void {
    this.periodic.start();
    void this.watchReconnections();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.periodic.stop();
  }

  private async watchReconnections(): Promise<void> {
    for await (const status of this.options.nats.status()) {
      if (this.stopped) return;
      if (status.type === 'reconnect') await this.checkAfterReconnect();
    }
  }

  private async checkAfterReconnect(): Promise<void> {
    for (let tries = 1; !this.stopped; tries++) {
      let failure: unknown;
      try {
        // The relay publishes right after a reconnection (what waited meanwhile): a check that met it must not count.
        if (!(await this.options.verifier.verify()).busy) return;
        failure = 'the relay kept the outbox busy';
      } catch (err) {
        failure = err;
      }
      if (tries >= AFTER_RECONNECT_TRIES) {
        this.options.logger.warn(
          { err: failure },
          'checking the stream for lost events after a reconnection failed; the periodic check goes on',
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, AFTER_RECONNECT_RETRY_MS));
    }
  }
}
