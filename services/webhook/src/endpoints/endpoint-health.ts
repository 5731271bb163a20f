import type { Database, Executor } from '@ops/db';
import { sql } from 'drizzle-orm';
import { endpoints } from '../schema.js';

/** One endpoint's attempts in a batch of results. */
export interface EndpointOutcome {
  endpointId: string;
  /** Did its latest attempt in the batch succeed? */
  lastSucceeded: boolean;
  /** Its earliest failed attempt in the batch. */
  firstFailureAt: Date | null;
}

/**
 * Keeps `failing_since` on each endpoint: when its current run of failures began, null while it answers.
 * Returns the endpoints whose failures have lasted longer than `disableAfterMs`, to be disabled (Svix's five days);
 * none when it is undefined.
 * One statement each way, whatever the batch size, in the caller's transaction.
 */
export async function recordEndpointHealth(
  database: Database,
  tx: Executor,
  outcomes: readonly EndpointOutcome[],
  disableAfterMs: number | undefined,
): Promise<Array<{ id: string; failing_since: string }>> {
  if (outcomes.length === 0) return [];
  const rows = outcomes.map((o) => ({
    endpoint_id: o.endpointId,
    last_succeeded: o.lastSucceeded,
    first_failure_at: o.firstFailureAt?.toISOString() ?? null,
  }));
  await tx.execute(sql`
    update ${endpoints} ep
    set failing_since = case when v.last_succeeded then null else coalesce(ep.failing_since, v.first_failure_at) end
    from json_to_recordset(${JSON.stringify(rows)}::json) as v(endpoint_id text, last_succeeded boolean, first_failure_at timestamptz)
    where ep.id = v.endpoint_id and (case when v.last_succeeded then ep.failing_since is not null else ep.failing_since is null end)`);
  const failing = outcomes.filter((o) => !o.lastSucceeded).map((o) => o.endpointId);
  if (failing.length === 0 || disableAfterMs === undefined) return [];
  return database.query<{ id: string; failing_since: string }>(
    tx,
    sql`select id, failing_since::text from ${endpoints}
        where id in (select jsonb_array_elements_text(${JSON.stringify(failing)}::jsonb)) and active
          and failing_since < now() - ${disableAfterMs} * interval '1 millisecond'`,
  );
}

/** Sums up a batch of attempts per endpoint, in the order they were made. */
export function outcomesOf(attempts: ReadonlyArray<{ endpointId: string; startedAt: Date; ok: boolean }>): EndpointOutcome[] {
  const byEndpoint = new Map<string, EndpointOutcome>();
  for (const a of [...attempts].sort((x, y) => x.startedAt.getTime() - y.startedAt.getTime())) {
    const outcome = byEndpoint.get(a.endpointId) ?? { endpointId: a.endpointId, lastSucceeded: a.ok, firstFailureAt: null };
    outcome.lastSucceeded = a.ok;
    // A success ends a run of failures: only failures after the last success count.
    if (a.ok) outcome.firstFailureAt = null;
    else outcome.firstFailureAt ??= a.startedAt;
    byEndpoint.set(a.endpointId, outcome);
  }
  return [...byEndpoint.values()];
}
