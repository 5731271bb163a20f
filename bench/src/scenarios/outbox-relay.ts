import { api, waitFor } from '@ops/testing';
import { Pool } from 'undici';
import { CostMeter } from '../measure/cost-meter.js';
import { Platform } from '../platform.js';
import { summary } from '../stats.js';
import { streamTimes } from '../stream-times.js';
import { costFigures, fmt, type ScenarioResult } from '../report.js';

/**
 * Outbox relay: W users of the user service each updating their profile as fast as it answers, for S seconds
 * (every update commits a users row and a `user.profile_updated` outbox row in one transaction). Committed
 * events per second reaching the stream, and commit -> publish: the stream's own timestamp of the message minus
 * the outbox row's created_at (its transaction's start, a millisecond or two before the commit).
 */
export async function outboxRelay(o: { writers: number; seconds: number; natsPid: number | undefined }): Promise<ScenarioResult> {
  const platform = await Platform.start({ webhookReplicas: 1 });
  const pool = new Pool(platform.user.url, { connections: o.writers });
  try {
    const tokens: string[] = [];
    for (let i = 0; i < o.writers; i++) {
      const email = `writer-${i}@bench.example.com`;
      await api(platform.user.url).post('/auth/register', { email, password: 'SecurePass123!', name: `Writer ${i}` });
      tokens.push(
        (await api(platform.user.url).post('/auth/login/password', { email, password: 'SecurePass123!' })).body.access_token as string,
      );
    }
    const meter = await CostMeter.start(platform.sql, platform.databaseName, [platform.user], o.natsPid);
    const started = performance.now();
    const startedAtMs = Date.now();
    const deadline = started + o.seconds * 1000;
    let committed = 0;
    await Promise.all(
      tokens.map(async (token, i) => {
        for (let k = 0; performance.now() < deadline; k++) {
          const res = await pool.request({
            path: '/auth/me',
            method: 'PATCH',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ name: `Writer ${i} edit ${k}` }),
          });
          await res.body.dump();
          if (res.statusCode !== 200) throw new Error(`PATCH /auth/me answered ${res.statusCode}`);
          committed++;
        }
      }),
    );
    const writeSeconds = (performance.now() - started) / 1000;
    await waitFor(
      'every outbox row published',
      async () => {
        const [row] = await platform.sql<{ n: number }[]>`select count(*)::int as n from users.outbox where published_at is null`;
        return row!.n === 0;
      },
      { timeoutMs: 600_000, intervalMs: 100 },
    );
    const cost = await meter.stop();
    const stored = await streamTimes(platform.stream, 'user.profile_updated');
    const rows = await platform.sql<{ id: string; ms: number }[]>`
      select event_id as id, extract(epoch from created_at)::float8 * 1000 as ms from users.outbox where envelope->>'type' = 'user.profile_updated'`;
    const lags = rows.flatMap((r) => (stored.has(r.id) ? [stored.get(r.id)! - r.ms] : []));
    const lastStored = Math.max(...stored.values());
    const eventsPerSecond = stored.size / ((lastStored - startedAtMs) / 1000);
    const lag = summary(lags);
    const perEvent = costFigures(cost, stored.size, 'user service', 'event');
    return {
      name: 'outbox',
      title: `outbox relay: ${o.writers} concurrent profile updates (PATCH /auth/me) for ${o.seconds} s`,
      figures: {
        committedPerSecond: committed / writeSeconds,
        eventsReachingStreamPerSecond: eventsPerSecond,
        events: stored.size,
        committed,
        commitToPublishP50Ms: lag.p50,
        commitToPublishP99Ms: lag.p99,
        commitToPublishMaxMs: lag.max,
        ...perEvent.figures,
      },
      rows: [
        ['updates committed/s', fmt.int(committed / writeSeconds)],
        ['events reaching the stream/s (first commit to last stored)', fmt.int(eventsPerSecond)],
        ['events in the stream / updates committed', `${fmt.int(stored.size)} / ${fmt.int(committed)}`],
        ['commit -> stored in the stream p50 / p99 / max', `${fmt.ms(lag.p50)} / ${fmt.ms(lag.p99)} / ${fmt.ms(lag.max)}`],
        ...perEvent.rows,
      ],
    };
  } finally {
    await pool.close();
    await platform.stop();
  }
}
