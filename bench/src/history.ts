import type postgres from 'postgres';

/**
 * Older delivery log rows, written straight in SQL with generate_series: `deliveries` succeeded deliveries
 * (and one attempt each) to the given endpoints, their events spread from 29 days to an hour ago (inside the
 * default 30-day retention, so that the sweeper leaves them: this measures the hot path beside history). Ids
 * are time-ordered like the service's own (prefix + UUIDv7 of the row's time), so they sort before new ones.
 *
 * Every column is named: a renamed column fails the insert, and a new required column the bench does not fill
 * fails the check below, by name, instead of the bench quietly measuring a different table.
 */
const columns = {
  events: {
    id: uuidv7('evt', 'at', 'i'),
    type: `'device.online'`,
    source: `'bench-history'`,
    org_id: 'null',
    time: `to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    data: `json_build_object('device_id', 'dev_h' || i, 'device_name', 'Sensor-h' || i, 'status', 'online', 'previous_status', 'offline')`,
    stream_seq: '0',
    received_at: 'at',
  },
  deliveries: {
    id: uuidv7('dlv', 'e.received_at', `e.id || p.n`),
    event_id: 'e.id',
    endpoint_id: 'p.endpoint_id',
    event_type: 'e.type',
    stream_seq: '0',
    status: `'succeeded'`,
    attempt_count: '1',
    next_attempt_at: 'e.received_at',
    last_status_code: '200',
    last_latency_ms: '5',
    created_at: 'e.received_at',
    updated_at: `e.received_at + interval '5 milliseconds'`,
    completed_at: `e.received_at + interval '5 milliseconds'`,
  },
  attempts: {
    id: uuidv7('att', 'd.created_at', 'd.id'),
    delivery_id: 'd.id',
    attempt_number: '1',
    started_at: 'd.created_at',
    latency_ms: '5',
    status_code: '200',
    succeeded: 'true',
  },
} as const;

export async function insertHistory(
  sql: postgres.Sql,
  endpointIds: readonly string[],
  deliveries: number,
): Promise<{ deliveries: number; attempts: number; seconds: number }> {
  await checkColumns(sql);
  const started = performance.now();
  const events = Math.ceil(deliveries / endpointIds.length);
  const list = (table: keyof typeof columns) => Object.keys(columns[table]).join(', ');
  const values = (table: keyof typeof columns) => Object.values(columns[table]).join(', ');
  await sql.unsafe(
    `insert into webhooks.events (${list('events')})
     select ${values('events')} from generate_series(1, ${events}) as i,
       lateral (select now() - interval '1 hour' - interval '29 days' * (1 - i::float8 / ${events}) as at) as t`,
  );
  const inserted = await sql.unsafe(
    `insert into webhooks.deliveries (${list('deliveries')})
     select ${values('deliveries')} from webhooks.events e, unnest($1::text[]) with ordinality as p(endpoint_id, n)
     where e.source = 'bench-history'`,
    [endpointIds as string[]],
  );
  const attempts = await sql.unsafe(
    `insert into webhooks.attempts (${list('attempts')}) select ${values('attempts')} from webhooks.deliveries d
     join webhooks.events e on e.id = d.event_id where e.source = 'bench-history'`,
  );
  // As autovacuum would have left tables this old: statistics for the planner, the visibility map set.
  await sql.unsafe('vacuum analyze webhooks.events, webhooks.deliveries, webhooks.attempts');
  return { deliveries: inserted.count, attempts: attempts.count, seconds: (performance.now() - started) / 1000 };
}

async function checkColumns(sql: postgres.Sql): Promise<void> {
  const required = await sql<{ table: string; column: string }[]>`
    select table_name as table, column_name as column from information_schema.columns
    where table_schema = 'webhooks' and table_name in ('events', 'deliveries', 'attempts')
      and is_nullable = 'NO' and column_default is null and is_identity = 'NO' and is_generated = 'NEVER'`;
  const missing = required.filter((r) => !(r.column in columns[r.table as keyof typeof columns]));
  if (missing.length > 0) {
    throw new Error(
      `growth history: required columns the bench does not fill: ${missing.map((m) => `${m.table}.${m.column}`).join(', ')} (bench/src/history.ts)`,
    );
  }
}

/** `<prefix>_<UUIDv7>` of the time `at`, its random bits from an md5 of `seed`: time-ordered like newId(). */
function uuidv7(prefix: string, at: string, seed: string): string {
  const ms = `lpad(to_hex((extract(epoch from ${at}) * 1000)::bigint), 12, '0')`;
  const random = `md5((${seed})::text)`;
  return `'${prefix}_' || substr(${ms}, 1, 8) || '-' || substr(${ms}, 9, 4) || '-7' || substr(${random}, 1, 3) || '-8' || substr(${random}, 4, 3) || '-' || substr(${random}, 7, 12)`;
}
