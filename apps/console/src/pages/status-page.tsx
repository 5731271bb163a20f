import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { endpointsApi } from '../api/endpoints.js';
import { outboxServices, statusApi } from '../api/platform.js';
import type { EndpointStats, PlatformStatus } from '../api/types.js';
import { ErrorNote } from '../components/error-note.js';
import { LineChart } from '../components/line-chart.js';

/** Lag samples kept while the page is open (one every 2 s: four minutes). */
const LAG_SAMPLES = 120;

/** For platform admins: the stream, its consumers' lag, unfinished work, outboxes, and the last hour's traffic. */
export function StatusPage() {
  const status = useQuery({ queryKey: ['status'], queryFn: statusApi.webhooks, refetchInterval: 2_000 });
  const outboxes = useQueries({
    queries: outboxServices.map((service) => ({
      queryKey: ['outbox', service],
      queryFn: () => statusApi.outbox(service),
      refetchInterval: 5_000,
    })),
  });
  const lag = useLagHistory(status.data);
  const endpoints = useQuery({ queryKey: ['endpoints', 'all'], queryFn: () => endpointsApi.list(undefined), refetchInterval: 30_000 });
  const stats = useQueries({
    queries: (endpoints.data?.data ?? []).map((e) => ({
      queryKey: ['stats', e.id],
      queryFn: () => endpointsApi.stats(e.id),
      refetchInterval: 10_000,
    })),
  });
  const traffic = trafficOf(stats.map((s) => s.data).filter((s): s is EndpointStats => !!s));
  const s = status.data;
  return (
    <section>
      <h1>Platform status</h1>
      <ErrorNote error={status.error} />
      {s && (
        <div className="cards" data-testid="status-figures">
          <div className="card">
            <h3>Stream {s.stream.stream}</h3>
            <dl className="figures">
              <dt>messages</dt>
              <dd>{s.stream.messages}</dd>
              <dt>bytes</dt>
              <dd>{s.stream.bytes}</dd>
              <dt>sequences</dt>
              <dd>
                {s.stream.first_seq}–{s.stream.last_seq}
              </dd>
            </dl>
          </div>
          <div className="card">
            <h3>Deliveries not finished</h3>
            <dl className="figures">
              <dt>pending</dt>
              <dd>{s.deliveries.pending}</dd>
              <dt>retrying</dt>
              <dd>{s.deliveries.retrying}</dd>
              <dt>in flight</dt>
              <dd>{s.deliveries.in_flight}</dd>
              <dt>dead letters</dt>
              <dd>{s.dead_letters}</dd>
            </dl>
          </div>
          <div className="card">
            <h3>Outboxes (unpublished · oldest)</h3>
            <dl className="figures">
              {outboxes.map((o, i) => (
                <div key={outboxServices[i]}>
                  <dt>{outboxServices[i]}</dt>
                  <dd>
                    {o.data
                      ? `${o.data.unpublished} · ${Math.round(o.data.oldest_unpublished_age_ms / 1000)} s`
                      : o.error
                        ? 'no answer'
                        : '…'}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      )}
      <div className="cards">
        <LineChart title="Deliveries per second by outcome (last hour, per minute)" unit="/s" series={traffic.perSecond} />
        <LineChart title="Latency p95, slowest endpoint (last hour, per minute)" unit="ms" series={traffic.latency} />
        <LineChart title="Consumer lag (messages, live)" unit="msgs" series={lag} />
      </div>
      {s && (
        <table className="list" data-testid="consumers">
          <thead>
            <tr>
              <th>Consumer</th>
              <th>Lag (pending)</th>
              <th>Awaiting ack</th>
              <th>Redelivered</th>
              <th>Delivered up to</th>
            </tr>
          </thead>
          <tbody>
            {s.stream.consumers.map((c) => (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td>{c.pending}</td>
                <td>{c.ack_pending}</td>
                <td>{c.redelivered}</td>
                <td>{c.delivered_seq}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * The consumers' lag as sampled by this page since it opened (the API gives the present, the page keeps the
 * past): the total, and the most behind consumer now. Every consumer's figure is in the table below.
 */
function useLagHistory(status: PlatformStatus | undefined) {
  const [history, setHistory] = useState<{ total: number[]; worst: number[]; worstName: string }>({ total: [], worst: [], worstName: '' });
  useEffect(() => {
    if (!status) return;
    const consumers = status.stream.consumers;
    const worst = consumers.reduce((a, b) => (b.pending > a.pending ? b : a), consumers[0] ?? { name: '', pending: 0 });
    const total = consumers.reduce((n, c) => n + c.pending, 0);
    setHistory((previous) => ({
      total: [...previous.total, total].slice(-LAG_SAMPLES),
      worst: [...previous.worst, worst.pending].slice(-LAG_SAMPLES),
      worstName: worst.name,
    }));
  }, [status]);
  return [
    { name: 'every consumer', values: history.total },
    { name: `most behind (${history.worstName || '–'})`, values: history.worst },
  ];
}

/** The endpoints' per-minute buckets added up: attempts per second by outcome, and the worst p95 of each minute. */
function trafficOf(all: EndpointStats[]) {
  const minutes = all[0]?.series.buckets.length ?? 0;
  const at = (i: number) => all.map((s) => s.series.buckets[i]).filter((b) => b !== undefined);
  const perMinute = Array.from({ length: minutes }, (_, i) => at(i));
  const sum = (i: number, field: 'succeeded' | 'failed') => perMinute[i]!.reduce((n, b) => n + b[field], 0) / 60;
  return {
    perSecond: [
      { name: 'succeeded', values: perMinute.map((_, i) => sum(i, 'succeeded')) },
      { name: 'failed', values: perMinute.map((_, i) => sum(i, 'failed')) },
    ],
    latency: [
      {
        name: 'p95',
        values: perMinute.map((bs) =>
          bs.some((b) => b.latency_ms.p95 !== null) ? Math.max(...bs.map((b) => b.latency_ms.p95 ?? 0)) : null,
        ),
      },
    ],
  };
}
