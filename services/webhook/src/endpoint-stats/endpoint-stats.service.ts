import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { DATABASE } from '@ops/runtime';
import { eq } from 'drizzle-orm';
import { bucketAttempts, summariseAttempts, type ActivityBucket, type AttemptSummary } from '../delivery-store/index.js';
import { EndpointsService } from '../endpoints/endpoints.service.js';
import { endpointCircuits, type EndpointRow } from '../schema.js';
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

/** An endpoint's health at a glance: its attempts over the last hour and day, a series for charts, its circuit. */
@Injectable()
export class EndpointStatsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EndpointsService) private readonly endpoints: EndpointsService,
  ) {}

  async stats(principal: Principal, endpointId: string, window: keyof typeof seriesWindows, now = new Date()): Promise<EndpointStats> {
    const endpoint = await this.endpoints.get(principal, endpointId);
    const from = (at: number) => ({ endpointId, since: new Date(at), createdSince: new Date(at - ATTEMPT_LOOKBACK_MS) });
    const { spanMs, bucketMs } = seriesWindows[window];
    // The series' buckets start on a bucket boundary, so that two reads a few seconds apart chart alike.
    const seriesStart = Math.floor((now.getTime() - spanMs) / bucketMs) * bucketMs + bucketMs;
    const orm = this.database.orm;
    const [lastHour, lastDay, buckets, [circuit]] = await Promise.all([
      summariseAttempts(this.database, orm, from(now.getTime() - seriesWindows.hour.spanMs)),
      summariseAttempts(this.database, orm, from(now.getTime() - seriesWindows.day.spanMs)),
      bucketAttempts(this.database, orm, from(seriesStart), bucketMs, new Date(seriesStart + spanMs)),
      orm.select().from(endpointCircuits).where(eq(endpointCircuits.endpointId, endpointId)),
    ]);
    return {
      endpoint,
      circuit: circuit && circuit.openUntil > now ? { openUntil: circuit.openUntil, openMs: circuit.openMs } : null,
      lastHour,
      lastDay,
      series: { window, bucketMs, buckets },
    };
  }
}
