import { NotifiedWork, type Database } from '@ops/db';
import { newId } from '@ops/events';
import type { Logger } from '@ops/logger';
import { Batcher } from '../batcher.js';
import type { EndpointDirectory } from '../endpoints/endpoint-directory.js';
import type { DeliveryMetrics } from '../health/webhook-metrics.js';
import {
  claimDeliveries,
  claimLimitedDeliveries,
  DELIVERIES_CHANNEL,
  releaseDeliveries,
  type ClaimedDelivery,
} from '../delivery-store/index.js';
import { signingSecrets } from '../secrets/endpoint-secrets.js';
import type { Admission } from './admission.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { SharedCircuits } from './shared-circuits.js';
import { laneCapacity, type EndpointLimits } from './flow-control.js';
import { Lane } from './lane.js';
import { recordAttempts, type FinishedAttempt } from './record-attempts.js';
import { nextStep, type RetryRules } from './next-step.js';
import type { Sender } from './send-request.js';
import type { WorkerRegistry } from './worker-registry.js';
import { prepareRequest } from './webhook-request.js';
import { sendTraced } from './send-traced.js';
import { contextOf, runIn } from '@ops/tracing';

/** Slack between the last start of a held delivery and the end of its lease: clocks and the claim's round trip. */
const LEASE_MARGIN_MS = 5_000;
/** How often at most every lane's limits are refreshed from the directory (see reviewLanes). */
const LANE_REVIEW_INTERVAL_MS = 250;

export interface DispatcherOptions {
  database: Database;
  directory: EndpointDirectory;
  sender: Sender;
  retries: RetryRules;
  breaker: CircuitBreaker;
  /** Where this worker's circuit decisions are told to the others. */
  circuits: Pick<SharedCircuits, 'opened' | 'closed'>;
  metrics: DeliveryMetrics;
  /** An endpoint failing continuously for this long is disabled. */
  disableAfterFailingMs: number;
  /** Turns an endpoint off (a 410 Gone, or failing for too long) until someone re-enables it. */
  disable: (endpointId: string, reason: string) => Promise<void>;
  logger: Logger;
  /** Requests in flight from this process, all endpoints together. */
  maxInFlight: number;
  /** Requests in flight to one endpoint, unless the endpoint sets its own. */
  endpointConcurrency: number;
  /** Longest a request can take (connect + response): sizes the claim lease. */
  requestBudgetMs: number;
  /** Safety poll for retries coming due and for missed notifications. */
  pollIntervalMs: number;
  /** This process's registration among the workers: claims are made in its name, rate limits shared by all. */
  worker: Pick<WorkerRegistry, 'id' | 'liveWorkers'>;
}

/**
 * The delivery worker: claim due deliveries → per-endpoint lanes → prepare (sign) → send → record result.
 * Each endpoint has its own lane with its concurrency and rate limits, so a slow or dead endpoint only ever
 * holds its own few slots while every other endpoint keeps flowing, and deliveries over a limit wait. A worker that dies mid-flight stops renewing
 * its registration (WorkerRegistry); its deliveries are then taken over and re-sent with the same webhook-id.
 */
export class Dispatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly results: Batcher<FinishedAttempt>;
  private inFlight = 0;
  /** Deliveries whose request is under way: at shutdown, those the grace period did not see finish are handed back. */
  private readonly attempting = new Set<string>();
  /** Attempts given up on at shutdown: their deliveries were handed back, so a late result is not recorded. */
  private readonly handedBack = new Set<string>();
  private held = 0;
  /**
   * Lanes with deliveries waiting that could not start only because the worker's requests were all in flight:
   * served first, in turn, when a request ends. Pumping every lane whenever a request ended cost O(lanes) per
   * delivery (a fan-out to 500 endpoints spent most of its CPU there).
   */
  private readonly starved = new Set<string>();
  private lanesReviewedAt = 0;
  /** Ingest waiting for room in some lanes (see waitForRoom). */
  private readonly roomWaiters = new Set<{ endpointIds: readonly string[]; resolve(room: boolean): void }>();
  /** Claim rounds, woken by new deliveries (NOTIFY), freed slots, and the poll for retries coming due. */
  private readonly claims: NotifiedWork;
  private stopped = true;
  /** Set by the first step of a shutdown. */
  private shutdown: { graceEndsAt: number; inFlightAtStop: number } | undefined;
  /** When a claim last returned work or an attempt was last recorded: readiness tells a stalled worker by it. */
  lastProgressAt = Date.now();

  constructor(private readonly options: DispatcherOptions) {
    this.claims = new NotifiedWork(options.database, {
      channel: DELIVERIES_CHANNEL,
      pollIntervalMs: options.pollIntervalMs,
      work: () => this.claimRounds().catch((err) => options.logger.warn({ err }, 'claiming deliveries failed; will retry')),
    });
    this.results = new Batcher({
      // Recording is not on the way to the receiver, except for an ordered endpoint, whose next delivery is
      // claimed only once this one is recorded (hence the wake below): waiting longer for company shares each
      // transaction's fixed statements (begin, endpoint health, update, commit) among more attempts.
      maxBatch: 1000,
      maxWaitMs: 25,
      // Recorded outside any one attempt's trace: the batch's first attempt would otherwise lend its trace to the
      // platform events a record writes (`webhook.delivery.exhausted`).
      write: (batch) => runIn(contextOf(null), () => this.record(batch)),
    });
  }

  private async record(batch: readonly FinishedAttempt[]): Promise<void> {
    const failing = await recordAttempts(this.options.database, batch, this.options.disableAfterFailingMs);
    this.lastProgressAt = Date.now();
    if (batch.some((f) => this.options.directory.get(f.endpointId)?.ordered)) this.wake();
    for (const endpoint of failing)
      await this.disable(endpoint.id, `every attempt failed since ${new Date(endpoint.failing_since).toISOString()}`);
  }

  /**
   * How long a claim holds. A lane holds a fast endpoint's deliveries several requests deep (flow-control.ts);
   * what it still holds when less than one request budget (and a margin) of its lease is left is handed back
   * unsent (handBackStaleOf), so no delivery is sent while another worker may already have claimed it again.
   */
  get leaseMs(): number {
    return 4 * this.options.requestBudgetMs + 30_000;
  }

  /**
   * The fast path: ingest creates deliveries already in flight for this worker when its lanes have room,
   * saving a claim query per delivery. Reserve before the ingest transaction, `accept` after it.
   */
  reserve(): Admission & { counts: Map<string, number> } {
    const counts = new Map<string, number>();
    return {
      counts,
      leaseMs: this.leaseMs,
      workerId: this.options.worker.id,
      admit: (endpointId) => {
        if (this.stopped || this.options.breaker.resting(endpointId)) return 'elsewhere';
        // A limit that holds across workers is checked by a claim, never taken on trust here.
        if (this.limitedAcrossWorkers(endpointId)) return 'elsewhere';
        const lane = this.lane(endpointId);
        if (this.held >= 2 * this.options.maxInFlight || lane.room(this.leaseMs) === 0) return 'full';
        lane.reserved++;
        this.held++;
        counts.set(endpointId, (counts.get(endpointId) ?? 0) + 1);
        return 'admitted';
      },
    };
  }

  /**
   * Resolves true once one of these endpoints' lanes has at least half its room free (requests finished), false
   * after `maxWaitMs` or when the worker stops. Ingest waits here instead of creating, pending, deliveries that a
   * claim would take a moment later: created in flight instead, each costs one row version less.
   */
  waitForRoom(endpointIds: readonly string[], maxWaitMs: number): Promise<boolean> {
    if (this.stopped || this.hasRoom(endpointIds)) return Promise.resolve(!this.stopped);
    return new Promise((resolve) => {
      const waiter = {
        endpointIds,
        resolve: (room: boolean) => {
          clearTimeout(timer);
          this.roomWaiters.delete(waiter);
          resolve(room);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), maxWaitMs);
      this.roomWaiters.add(waiter);
    });
  }

  private hasRoom(endpointIds: readonly string[]): boolean {
    if (this.held >= this.options.maxInFlight) return false;
    return endpointIds.some((id) => {
      const lane = this.lanes.get(id);
      return !lane || 2 * lane.room(this.leaseMs) >= lane.capacity(this.leaseMs);
    });
  }

  /** Ends a reservation: the deliveries actually created are queued, the unused reservations freed. */
  accept(reservation: { counts: Map<string, number> }, admitted: readonly ClaimedDelivery[]): void {
    for (const [endpointId, count] of reservation.counts) {
      this.lane(endpointId).reserved -= count;
      this.held -= count;
    }
    for (const delivery of admitted) this.lane(delivery.endpointId).hold(delivery);
    this.held += admitted.length;
    this.pumpEndpoints(admitted);
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.shutdown = undefined;
    await this.claims.start();
  }

  /**
   * A shutdown's first step: no more claims, admissions from ingest, or new attempts. Attempts under way go
   * on; `graceMs` from now, `stop` stops waiting for them.
   */
  async stopClaiming(graceMs = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.shutdown) return;
    this.shutdown = { graceEndsAt: Date.now() + graceMs, inFlightAtStop: this.attempting.size };
    this.stopped = true;
    for (const waiter of this.roomWaiters) waiter.resolve(false);
    await this.claims.stop();
  }

  /**
   * Stops claiming (if `stopClaiming` was not called) and hands back what is queued (claimed, not started)
   * for another worker to take at once. Attempts under way get until the grace period ends to finish, and
   * their results are recorded. Any still under way then are handed back too, so that nothing stays claimed
   * by a process that is going away: another worker sends them again with the same webhook-id (at least
   * once), instead of waiting out the lease.
   */
  async stop(graceMs = Number.POSITIVE_INFINITY): Promise<void> {
    await this.stopClaiming(graceMs);
    const { graceEndsAt, inFlightAtStop } = this.shutdown!;
    for (const lane of this.lanes.values()) lane.close();
    const queued = [...this.lanes.values()].flatMap((lane) => lane.takeWaiting());
    this.held -= queued.length;
    await releaseDeliveries(
      this.options.database,
      queued.map((c) => c.deliveryId),
    );
    while (this.attempting.size > 0 && Date.now() < graceEndsAt) await new Promise((r) => setTimeout(r, 10));
    await this.results.drain();
    const unfinished = [...this.attempting];
    for (const deliveryId of unfinished) this.handedBack.add(deliveryId);
    await releaseDeliveries(this.options.database, unfinished);
    this.options.logger.info(
      { handedBack: queued.length, finished: inFlightAtStop - unfinished.length, unfinished: unfinished.length },
      'dispatcher stopped: queued deliveries handed back, attempts in flight recorded',
    );
  }

  /** Asks for a claim round now (new deliveries recorded, a slot freed); rounds never overlap. */
  wake(): void {
    if (!this.stopped) this.claims.wake();
  }

  private async claimRounds(): Promise<void> {
    const { maxInFlight } = this.options;
    while (!this.stopped) {
      this.reviewLanes();
      // Hold up to twice what can be in flight, so that slots freed are refilled without a round trip.
      const room = 2 * maxInFlight - this.held;
      if (room <= 0) return;
      await this.options.directory.refresh(this.options.database.orm);
      const roomByEndpoint = new Map<string, number>();
      for (const endpoint of this.options.directory.withOwnLimits())
        roomByEndpoint.set(endpoint.id, laneCapacity(this.limitsOf(endpoint.id), this.leaseMs));
      for (const [endpointId, lane] of this.lanes) roomByEndpoint.set(endpointId, lane.room(this.leaseMs));
      for (const endpointId of this.options.breaker.restingEndpoints()) roomByEndpoint.set(endpointId, 0);
      const limited = this.options.directory
        .withOwnLimits()
        .filter((e) => this.limitedAcrossWorkers(e.id))
        .map((e) => ({ id: e.id, maxConcurrency: e.maxConcurrency!, room: roomByEndpoint.get(e.id) ?? 0 }));
      for (const endpoint of limited) roomByEndpoint.set(endpoint.id, 0);
      const common = {
        limit: Math.min(room, 500),
        anyOrdered: this.options.directory.withOwnLimits().some((e) => e.ordered),
        leaseMs: this.leaseMs,
        workerId: this.options.worker.id,
      };
      const claimed = await claimDeliveries(this.options.database, {
        ...common,
        perEndpoint: laneCapacity(this.limitsOf(undefined), this.leaseMs),
        roomByEndpoint,
      });
      claimed.push(
        ...(await claimLimitedDeliveries(this.options.database, limited, { ...common, limit: Math.max(0, common.limit - claimed.length) })),
      );
      if (claimed.length > 0) this.lastProgressAt = Date.now();
      for (const delivery of claimed) this.lane(delivery.endpointId).hold(delivery);
      this.held += claimed.length;
      this.pumpEndpoints(claimed);
      if (claimed.length < Math.min(room, 500)) return;
    }
  }

  /**
   * An endpoint's limits in this worker: its own where it set them, the service's otherwise. Its own rate is
   * shared evenly among the live workers; its own concurrency is enforced across them by the claim.
   */
  private limitsOf(endpointId: string | undefined): EndpointLimits {
    const endpoint = endpointId === undefined ? undefined : this.options.directory.get(endpointId);
    // An ordered endpoint takes one delivery at a time: its head.
    const concurrency = endpoint?.ordered ? 1 : (endpoint?.maxConcurrency ?? this.options.endpointConcurrency);
    const rate = endpoint?.rateLimitPerSecond ?? null;
    return {
      concurrency,
      ratePerSecond: rate === null ? null : rate / this.options.worker.liveWorkers,
      holdsAcrossWorkers: this.limitedAcrossWorkers(endpointId),
    };
  }

  /** An endpoint with a concurrency limit of its own: its deliveries come only through claimLimitedDeliveries. */
  private limitedAcrossWorkers(endpointId: string | undefined): boolean {
    const endpoint = endpointId === undefined ? undefined : this.options.directory.get(endpointId);
    return endpoint !== undefined && !endpoint.ordered && endpoint.maxConcurrency !== null;
  }

  private lane(endpointId: string): Lane {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      lane = new Lane(this.limitsOf(endpointId));
      this.lanes.set(endpointId, lane);
    }
    return lane;
  }

  /**
   * In claim rounds (at least every poll interval), at most every LANE_REVIEW_INTERVAL_MS, every lane: its limits as the directory now has them (an
   * endpoint's settings changed, workers came or went), what it has held too long handed back, and what it may
   * start started.
   */
  private reviewLanes(): void {
    // Claim rounds can come every few milliseconds (each finished request wakes one): review a few times a second.
    if (Date.now() - this.lanesReviewedAt < LANE_REVIEW_INTERVAL_MS) return;
    this.lanesReviewedAt = Date.now();
    for (const [endpointId, lane] of this.lanes) {
      lane.limits = this.limitsOf(endpointId);
      this.handBackStaleOf(endpointId, lane);
      // A lane the circuit breaker held back, or whose limits just grew, is otherwise only pumped by its own events.
      if (lane.waitingCount > 0) this.pump(endpointId);
    }
  }

  /**
   * Deliveries held too long to be sure their leases outlast one more request (an endpoint that slowed down while
   * its lane was deep) are handed back for a fresh claim rather than sent while another worker may take them.
   */
  private handBackStaleOf(endpointId: string, lane: Lane): void {
    const stale = lane.takeHeldBefore(Date.now() - (this.leaseMs - this.options.requestBudgetMs - LEASE_MARGIN_MS));
    if (stale.length > 0) this.handBackStale(endpointId, stale);
  }

  /** Starts what the lanes of these deliveries' endpoints may start. */
  private pumpEndpoints(deliveries: readonly ClaimedDelivery[]): void {
    for (const endpointId of new Set(deliveries.map((d) => d.endpointId))) this.pump(endpointId);
  }

  /** A request ended: lanes left waiting for a free request go first, then the request's own lane. */
  private requestEnded(endpointId: string): void {
    for (const waiting of this.starved) {
      if (this.inFlight >= this.options.maxInFlight) break;
      this.starved.delete(waiting);
      this.pump(waiting);
    }
    this.pump(endpointId);
  }

  /** Starts what one endpoint's lane may start now: within its limits and the worker's requests in flight. */
  private pump(endpointId: string): void {
    const lane = this.lanes.get(endpointId);
    // Shutting down: what is queued is handed back, not started.
    if (!lane || this.shutdown) return;
    this.handBackStaleOf(endpointId, lane);
    for (;;) {
      if (this.inFlight >= this.options.maxInFlight) {
        if (lane.waitingCount > 0) this.starved.add(endpointId);
        return;
      }
      const delivery = lane.next(
        () => this.pump(endpointId),
        () => this.options.breaker.allows(endpointId),
      );
      if (!delivery) return;
      this.startAttempt(endpointId, lane, delivery);
    }
  }

  private startAttempt(endpointId: string, lane: Lane, delivery: ClaimedDelivery): void {
    lane.inFlight++;
    this.inFlight++;
    this.attempting.add(delivery.deliveryId);
    // The request's slot is free once the response is in: the endpoint's concurrency counts requests, and
    // holding the slot until the result is recorded (a batch gathered for up to 25 ms, then a transaction)
    // capped each endpoint near concurrency / 40 ms whatever the receiver's speed. The delivery stays held
    // (this.held) until recorded, so memory stays bounded.
    let answered = false;
    const freeSlot = (latencyMs?: number) => {
      if (answered) return;
      answered = true;
      if (latencyMs !== undefined) lane.answered(latencyMs);
      lane.inFlight--;
      this.inFlight--;
      this.requestEnded(endpointId);
    };
    // In the event's own trace, whatever context woke the pump (another event's ingest, say).
    void runIn(contextOf(delivery.event.traceContext), () => this.attempt(delivery, freeSlot)).finally(() => {
      freeSlot(undefined);
      this.attempting.delete(delivery.deliveryId);
      this.held--;
      // Only this lane: once idle it may have been dropped and the endpoint given a new one since.
      if (lane.idle && this.lanes.get(endpointId) === lane) this.lanes.delete(endpointId);
      for (const waiter of this.roomWaiters) if (this.hasRoom(waiter.endpointIds)) waiter.resolve(true);
      // Refill in large claims, not one query per finished request.
      if (this.held <= this.options.maxInFlight) this.wake();
    });
  }

  /** `answered` is called once the receiver's answer (or the failure) is in, before the result is recorded. */
  private async attempt(delivery: ClaimedDelivery, answered: (latencyMs: number) => void): Promise<void> {
    const endpoint = this.options.directory.get(delivery.endpointId);
    // Deleted since the claim: its deliveries went with it.
    if (!endpoint) return;
    // Disabled since the claim: the delivery waits, pending, for it to be re-enabled.
    if (!endpoint.active) {
      await releaseDeliveries(this.options.database, [delivery.deliveryId]).catch((err: unknown) =>
        this.options.logger.warn({ err }, 'could not hand back a delivery'),
      );
      return;
    }
    const startedAt = new Date();
    const attemptNumber = delivery.attemptCount + 1;
    const result = await sendTraced(this.options.sender, endpoint, delivery, attemptNumber, () =>
      prepareRequest(delivery.event, endpoint.id, signingSecrets(endpoint.secrets, startedAt), startedAt, delivery.replayId),
    );
    const next = nextStep(result, attemptNumber - delivery.scheduleStartedAfter, this.options.retries);
    this.options.metrics.attempted(result, next);
    const circuit = this.options.breaker.record(endpoint.id, result.ok);
    const gone = next.status === 'failed' && next.reason === 'gone';
    // The slot frees once the breaker knows the outcome (an opened circuit stops the next start), and after a
    // 410 only once the endpoint is disabled.
    if (!gone) answered(result.latencyMs);
    if (circuit === 'opened') await Promise.all([this.rest(endpoint.id), this.options.circuits.opened(endpoint.id)]);
    else if (circuit === 'closed') await this.options.circuits.closed(endpoint.id);
    if (gone) {
      await this.disable(endpoint.id, `410 Gone from ${endpoint.url} at ${startedAt.toISOString()}`);
      answered(result.latencyMs);
    }
    if (!result.ok) {
      // At info, not debug: at the default level an operator must see which endpoints fail, why, and when the
      // next try comes, without turning on the firehose. The circuit breaker bounds how many such lines an
      // endpoint that is down can cause.
      const then =
        next.status === 'retrying'
          ? { nextAttemptAt: new Date(startedAt.getTime() + result.latencyMs + next.retryInMs).toISOString() }
          : next.status === 'failed'
            ? { failed: next.reason }
            : {};
      this.options.logger.info(
        {
          deliveryId: delivery.deliveryId,
          endpointId: endpoint.id,
          eventId: delivery.event.id,
          eventType: delivery.event.type,
          attemptNumber,
          statusCode: result.statusCode,
          error: result.error,
          ...then,
        },
        'attempt failed',
      );
    }
    if (this.handedBack.has(delivery.deliveryId)) return;
    try {
      await this.results.add({
        attemptId: newId('att'),
        deliveryId: delivery.deliveryId,
        endpointId: endpoint.id,
        orgId: endpoint.orgId,
        event: delivery.event,
        attemptNumber,
        startedAt,
        result,
        next,
      });
    } catch (err) {
      // The lease will expire and the delivery be retried: at least once, never lost.
      this.options.logger.error({ err, deliveryId: delivery.deliveryId }, 'could not record attempt');
    }
  }

  private handBackStale(endpointId: string, stale: readonly ClaimedDelivery[]): void {
    this.held -= stale.length;
    this.options.logger.warn({ endpointId, handedBack: stale.length }, 'deliveries held near their lease: handed back unsent');
    releaseDeliveries(
      this.options.database,
      stale.map((d) => d.deliveryId),
    ).catch((err: unknown) => this.options.logger.warn({ err, endpointId }, 'could not hand back deliveries; their leases will expire'));
  }

  /** The endpoint's circuit opened: what its lane holds goes back to the table until the probe time. */
  private async rest(endpointId: string): Promise<void> {
    const lane = this.lanes.get(endpointId);
    const resting = lane ? lane.takeWaiting() : [];
    this.held -= resting.length;
    const until = new Date(this.options.breaker.openUntil(endpointId));
    this.options.logger.warn(
      { endpointId, until: until.toISOString(), handedBack: resting.length },
      'endpoint failing: circuit open until probe',
    );
    await releaseDeliveries(
      this.options.database,
      resting.map((d) => d.deliveryId),
      until,
    ).catch((err: unknown) => this.options.logger.warn({ err, endpointId }, 'could not hand back deliveries; their leases will expire'));
  }

  private async disable(endpointId: string, reason: string): Promise<void> {
    try {
      await this.options.disable(endpointId, reason);
      this.options.logger.warn({ endpointId, reason }, 'endpoint disabled');
    } catch (err) {
      this.options.logger.error({ err, endpointId }, 'could not disable endpoint');
    }
  }
}
