import type { Database } from '@ops/db';
import { newId } from '@ops/events';
import type { Logger } from '@ops/logger';
import { Batcher } from '../batcher.js';
import type { EndpointDirectory } from '../endpoints/endpoint-directory.js';
import { DELIVERIES_CHANNEL } from '../ingest/record-deliveries.js';
import { claimDeliveries, releaseDeliveries, type ClaimedDelivery } from './claim-deliveries.js';
import { recordAttempts, type FinishedAttempt } from './record-attempts.js';
import type { RetrySchedule } from './retry-schedule.js';
import type { Sender } from './send-request.js';
import { prepareRequest } from './webhook-request.js';

export interface DispatcherOptions {
  database: Database;
  directory: EndpointDirectory;
  sender: Sender;
  schedule: RetrySchedule;
  logger: Logger;
  /** Requests in flight from this process, all endpoints together. */
  maxInFlight: number;
  /** Requests in flight to one endpoint. */
  endpointConcurrency: number;
  /** Longest a request can take (connect + response): sizes the claim lease. */
  requestBudgetMs: number;
  /** Safety poll for retries coming due and for missed notifications. */
  pollIntervalMs: number;
}

/** One endpoint's share of this worker: what it holds waiting, and how many requests it has out. */
interface Lane {
  waiting: ClaimedDelivery[];
  inFlight: number;
}

/**
 * The delivery worker: claim due deliveries → per-endpoint lanes → prepare (sign) → send → record result.
 * Each endpoint has its own lane with a concurrency cap, so a slow or dead endpoint only ever holds its
 * own few slots while every other endpoint keeps flowing. A worker that dies mid-flight leaves leases that
 * expire; the deliveries are then claimed again and re-sent with the same webhook-id.
 */
export class Dispatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly results: Batcher<FinishedAttempt>;
  private inFlight = 0;
  private held = 0;
  private claiming: Promise<void> | undefined;
  private claimAgain = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(private readonly options: DispatcherOptions) {
    this.results = new Batcher({ maxBatch: 500, maxWaitMs: 5, write: (batch) => recordAttempts(options.database, batch) });
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.unlisten = await this.options.database.listen(DELIVERIES_CHANNEL, () => this.wake());
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.wake();
  }

  /** Stops claiming, lets requests in flight finish and their results be written, and hands back the rest. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unlisten?.();
    await this.claiming;
    const unsent = [...this.lanes.values()].flatMap((lane) => lane.waiting.splice(0));
    await releaseDeliveries(this.options.database, unsent.map((c) => c.deliveryId));
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    await this.results.drain();
  }

  /** Asks for a claim round now (new deliveries recorded, a slot freed); rounds never overlap. */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claimRounds()
      .catch((err) => this.options.logger.warn({ err }, 'claiming deliveries failed; will retry'))
      .finally(() => {
        this.claiming = undefined;
        if (this.claimAgain) {
          this.claimAgain = false;
          this.wake();
        }
      });
  }

  private async claimRounds(): Promise<void> {
    const { maxInFlight, endpointConcurrency, requestBudgetMs } = this.options;
    while (!this.stopped) {
      // Hold up to twice what can be in flight, so that slots freed are refilled without a round trip.
      const room = 2 * maxInFlight - this.held;
      if (room <= 0) return;
      await this.options.directory.refresh(this.options.database.orm);
      const full = [...this.lanes.entries()].filter(([, l]) => l.waiting.length + l.inFlight >= endpointConcurrency).map(([id]) => id);
      const claimed = await claimDeliveries(this.options.database, {
        limit: Math.min(room, 500),
        perEndpoint: 2 * endpointConcurrency,
        skipEndpoints: full,
        // A claimed delivery waits at most ~3 requests' time in its lane before being sent.
        leaseMs: 4 * requestBudgetMs + 30_000,
      });
      for (const delivery of claimed) {
        let lane = this.lanes.get(delivery.endpointId);
        if (!lane) this.lanes.set(delivery.endpointId, (lane = { waiting: [], inFlight: 0 }));
        lane.waiting.push(delivery);
      }
      this.held += claimed.length;
      this.pumpAll();
      if (claimed.length < Math.min(room, 500)) return;
    }
  }

  private pumpAll(): void {
    for (const [endpointId, lane] of this.lanes) {
      while (lane.waiting.length > 0 && lane.inFlight < this.options.endpointConcurrency && this.inFlight < this.options.maxInFlight) {
        const delivery = lane.waiting.shift()!;
        lane.inFlight++;
        this.inFlight++;
        void this.attempt(delivery).finally(() => {
          lane.inFlight--;
          this.inFlight--;
          this.held--;
          if (lane.inFlight === 0 && lane.waiting.length === 0) this.lanes.delete(endpointId);
          this.pumpAll();
          this.wake();
        });
      }
    }
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const endpoint = this.options.directory.get(delivery.endpointId);
    // Deleted since the claim: its deliveries went with it.
    if (!endpoint) return;
    const startedAt = new Date();
    const request = prepareRequest(delivery.event, endpoint.id, [endpoint.secret], startedAt);
    const result = await this.options.sender.send(endpoint.url, request);
    const attemptNumber = delivery.attemptCount + 1;
    const retryInMs = result.ok ? null : this.options.schedule.delayAfter(attemptNumber);
    const next = result.ok ? ({ status: 'succeeded' } as const) : retryInMs === null ? ({ status: 'failed' } as const) : ({ status: 'retrying', retryInMs } as const);
    if (!result.ok) {
      this.options.logger.debug({ deliveryId: delivery.deliveryId, endpointId: endpoint.id, eventId: delivery.event.id, attemptNumber, error: result.error, next: next.status }, 'attempt failed');
    }
    try {
      await this.results.add({ attemptId: newId('att'), deliveryId: delivery.deliveryId, attemptNumber, startedAt, result, next });
    } catch (err) {
      // The lease will expire and the delivery be retried: at least once, never lost.
      this.options.logger.error({ err, deliveryId: delivery.deliveryId }, 'could not record attempt');
    }
  }
}
