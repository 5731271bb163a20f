import type { Database, Executor } from '@ops/db';
import { sql, type SQL } from 'drizzle-orm';
import { attempts, deliveries } from '../schema.js';

/** Attempts in a span of time, and how long their answers took. */
export interface AttemptSummary {
  attempts: number;
  succeeded: number;
  failed: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface ActivityBucket extends AttemptSummary {
  start: Date;
}

export interface ActivityQuery {
  endpointId: string;
  /** Attempts from here on are counted. */
  since: Date;
  /**
   * Only deliveries created from here on are read: an attempt belongs to a delivery made at most one retry
   * schedule before it. Ids are UUIDv7, ordered by creation time, so the endpoint's `(endpoint_id, id)` index
   * bounds the read without an index on attempt times, which every delivery would pay for on the hot path.
   */
  createdSince: Date;
}

/**
 * Every attempt at an endpoint since a time: the latest on each delivery's row, the earlier ones in `attempts`
 * (where the log keeps them, delivery-store's rule). One relation, summarised or bucketed by the callers below.
 */
function attemptsSince(q: ActivityQuery): SQL {
  const floor = deliveryIdAt(q.createdSince);
  const since = q.since.toISOString();
  return sql`
    select d.last_attempt_started_at as started_at, d.last_attempt_succeeded as succeeded, d.last_latency_ms as latency_ms
      from ${deliveries} d
     where d.endpoint_id = ${q.endpointId} and d.id >= ${floor} and d.last_attempt_started_at >= ${since}::timestamptz
    union all
    select a.started_at, a.succeeded, a.latency_ms
      from ${attempts} a join ${deliveries} d on d.id = a.delivery_id
     where d.endpoint_id = ${q.endpointId} and d.id >= ${floor} and a.started_at >= ${since}::timestamptz`;
}

const summaryColumns = sql`
  count(*)::int as attempts,
  count(*) filter (where succeeded)::int as succeeded,
  percentile_cont(0.5) within group (order by latency_ms) as p50,
  percentile_cont(0.95) within group (order by latency_ms) as p95,
  percentile_cont(0.99) within group (order by latency_ms) as p99`;

interface SummaryRow extends Record<string, unknown> {
  attempts: number;
  succeeded: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** The endpoint's attempts since `q.since`, in one figure set. */
export async function summariseAttempts(database: Database, executor: Executor, q: ActivityQuery): Promise<AttemptSummary> {
  const [row] = await database.query<SummaryRow>(executor, sql`select ${summaryColumns} from (${attemptsSince(q)}) t`);
  return toSummary(row!);
}

/** The endpoint's attempts since `q.since`, in buckets of `bucketMs` from `q.since` on; empty buckets included. */
export async function bucketAttempts(
  database: Database,
  executor: Executor,
  q: ActivityQuery,
  bucketMs: number,
  until: Date,
): Promise<ActivityBucket[]> {
  const rows = await database.query<SummaryRow & { start: string }>(
    executor,
    sql`select date_bin(${`${bucketMs} milliseconds`}::interval, started_at, ${q.since.toISOString()}::timestamptz) as start, ${summaryColumns}
          from (${attemptsSince(q)}) t group by 1 order by 1`,
  );
  const byStart = new Map(rows.map((r) => [new Date(r.start).getTime(), r]));
  const buckets: ActivityBucket[] = [];
  for (let at = q.since.getTime(); at < until.getTime(); at += bucketMs) {
    const row = byStart.get(at);
    buckets.push({ start: new Date(at), ...(row ? toSummary(row) : emptySummary) });
  }
  return buckets;
}

const emptySummary: AttemptSummary = { attempts: 0, succeeded: 0, failed: 0, p50Ms: null, p95Ms: null, p99Ms: null };

function toSummary(row: SummaryRow): AttemptSummary {
  const ms = (v: number | null) => (v === null ? null : Math.round(Number(v)));
  return {
    attempts: row.attempts,
    succeeded: row.succeeded,
    failed: row.attempts - row.succeeded,
    p50Ms: ms(row.p50),
    p95Ms: ms(row.p95),
    p99Ms: ms(row.p99),
  };
}

/** The smallest delivery id created at `time`: `dlv_` and a UUIDv7 whose 48-bit millisecond prefix is `time`. */
export function deliveryIdAt(time: Date): string {
  const hex = time.getTime().toString(16).padStart(12, '0');
  return `dlv_${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}
