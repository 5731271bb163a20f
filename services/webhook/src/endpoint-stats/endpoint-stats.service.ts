import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { DATABASE } from '@ops/runtime';
import { bucketAttempts, summariseAttempts, type ActivityBucket, type AttemptSummary } from '../delivery-store/index.js';
import { EndpointsService } from '../endpoints/endpoints.service.js';
import { sharedCircuitOf } from '../dispatch/shared-circuits.js';
import type { EndpointRow } from '../schema.js';
import { seriesWindows } from './endpoint-stats.requests.js';

/**
 * How far before a span its attempts' deliveries are looked for: the default retry schedule spans 27.5 hours
 * (±20 % jitter), so two days covers every attempt it makes. A longer schedule's late attempts on older
 * deliveries drop out of these figures, never out of the delivery log.
 */
const ATTEMPT_LOOKBACK_MS = 2 * 86_400_000;

export interface EndpointStats {
  endpoint: EndpointRow;
  circuit: { openUntil: Date; openMs: number } | null;
  lastHour: AttemptSummary;
  lastDay: AttemptSummary;
  series: { window: keyof typeof seriesWindows; bucketMs: number; buckets: ActivityBucket[] };
}

/**
 * How long an endpoint's figures are reused. They read every delivery of the endpoint made in the window and the
 * lookback before it (three statements), and the console polls them every few seconds from several pages:
 * within this, every caller who may see the endpoint gets the same figures. The endpoint itself (active,
 * failing_since, disabled reason) and its circuit are read fresh each time.
 */
const FIGURES_REUSE_MS = 5_000;
/** Endpoints whose figures are kept at once; past it, the oldest go. */
const FIGURES_KEPT = 1_000;

type Figures = Pick<EndpointStats, 'lastHour' | 'lastDay' | 'series'>;

/** An endpoint's health at a glance: its attempts over the last hour and day, a series for charts, its circuit. */
@Injectable()
export class EndpointStatsService {
  private readonly figures = new Map<string, { at: number; figures: Promise<Figures> }>();

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
  ) {}

  async stats(principal: Principal, endpointId: string, window: keyof typeof seriesWindows, now = new Date()): Promise<EndpointStats> {
    const endpoint = await this.endpoints.get(principal, endpointId);
    const [figures, circuit] = await Promise.all([
      this.figuresOf(endpointId, window, now),
      sharedCircuitOf(this.database.orm, endpointId, now),
    ]);
    return { endpoint, circuit: circuit ?? null, ...figures };
  }

  private figuresOf(endpointId: string, window: keyof typeof seriesWindows, now: Date): Promise<Figures> {
    const key = `${endpointId} ${window}`;
    const kept = this.figures.get(key);
    if (kept && now.getTime() - kept.at < FIGURES_REUSE_MS) return kept.figures;
    const figures = this.read(endpointId, window, now);
    this.figures.delete(key);
    this.figures.set(key, { at: now.getTime(), figures });
    // A failed read is not kept: the next call tries again.
    figures.catch(() => this.figures.delete(key));
    for (const oldest of this.figures.keys()) {
      if (this.figures.size <= FIGURES_KEPT) break;
      this.figures.delete(oldest);
    }
    return figures;
  }

  private async read(endpointId: string, window: keyof typeof seriesWindows, now: Date): Promise<Figures> {
    const from = (at: number) => ({ endpointId, since: new Date(at), createdSince: new Date(at - ATTEMPT_LOOKBACK_MS) });
    const { spanMs, bucketMs } = seriesWindows[window];
    // The series' buckets start on a bucket boundary, so that two reads a few seconds apart chart alike.
    const seriesStart = Math.floor((now.getTime() - spanMs) / bucketMs) * bucketMs + bucketMs;
    const orm = this.database.orm;
    const [lastHour, lastDay, buckets] = await Promise.all([
      summariseAttempts(this.database, orm, from(now.getTime() - seriesWindows.hour.spanMs)),
      summariseAttempts(this.database, orm, from(now.getTime() - seriesWindows.day.spanMs)),
      bucketAttempts(this.database, orm, from(seriesStart), bucketMs, new Date(seriesStart + spanMs)),
    ]);
    return { lastHour, lastDay, series: { window, bucketMs, buckets } };
  }
}
