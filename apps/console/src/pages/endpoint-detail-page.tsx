import { useQuery } from '@tanstack/react-query';
import { endpointsApi } from '../api/endpoints.js';
import type { Figures } from '../api/types.js';
import { ErrorNote } from '../components/error-note.js';
import { Sparkline } from '../components/sparkline.js';
import { StateBadge } from '../components/state-badge.js';
import { DeliveriesPanel } from './deliveries-panel.js';
import { percent, when } from './format.js';
import { RecoverForm } from './recover-form.js';
import { SecretPanel } from './secret-panel.js';
import { TestEventPanel } from './test-event-panel.js';

export function EndpointDetailPage({ endpointId }: { endpointId: string }) {
  const endpoint = useQuery({ queryKey: ['endpoint', endpointId], queryFn: () => endpointsApi.get(endpointId) });
  const stats = useQuery({ queryKey: ['stats', endpointId], queryFn: () => endpointsApi.stats(endpointId), refetchInterval: 2_000 });
  if (endpoint.error) return <ErrorNote error={endpoint.error} />;
  if (!endpoint.data) return <p className="muted">Loading…</p>;
  const e = endpoint.data;
  return (
    <section>
      <div className="page-head">
        <h1 className="endpoint-url">{e.url}</h1>
        <StateBadge endpoint={stats.data ?? e} />
        <a className="button" href={`#/endpoints/${e.id}/edit`}>
          Edit
        </a>
      </div>
      <p className="muted">
        {e.id} · {e.org_id ?? 'platform endpoint'} · {e.description} · events: {e.events.join(', ')}
        {e.ordered && ' · ordered'}
        {e.filter && ` · ${e.filter.length} filter condition(s)`}
      </p>
      {stats.data?.failing_since && (
        <p className="error">
          Failing since {when(stats.data.failing_since)}
          {stats.data.circuit.state === 'open' && `; resting until ${when(stats.data.circuit.open_until)}`}
        </p>
      )}
      {e.disabled_reason && <p className="error">Disabled by the platform: {e.disabled_reason}</p>}
      {stats.data && (
        <div className="cards">
          <FiguresCard title="Last hour" figures={stats.data.last_hour} />
          <FiguresCard title="Last day" figures={stats.data.last_day} />
          <div className="card">
            <h3>Success rate per minute</h3>
            <Sparkline
              values={stats.data.series.buckets.map((b) => b.success_rate)}
              min={0}
              max={1}
              width={260}
              height={48}
              label="success rate per minute, last hour"
            />
            <h3>Attempts per minute</h3>
            <Sparkline
              values={stats.data.series.buckets.map((b) => b.attempts)}
              min={0}
              width={260}
              height={48}
              label="attempts per minute, last hour"
            />
          </div>
        </div>
      )}
      <div className="cards">
        <TestEventPanel endpointId={e.id} />
        <SecretPanel endpointId={e.id} />
        <RecoverForm endpointId={e.id} />
      </div>
      <DeliveriesPanel endpointId={e.id} />
    </section>
  );
}

function FiguresCard({ title, figures }: { title: string; figures: Figures }) {
  return (
    <div className="card" data-testid={`figures-${title.toLowerCase().replace(' ', '-')}`}>
      <h3>{title}</h3>
      <dl className="figures">
        <dt>attempts</dt>
        <dd>{figures.attempts}</dd>
        <dt>succeeded</dt>
        <dd>{figures.succeeded}</dd>
        <dt>failed</dt>
        <dd>{figures.failed}</dd>
        <dt>success rate</dt>
        <dd>{percent(figures.success_rate)}</dd>
        <dt>latency p50 / p95 / p99</dt>
        <dd>
          {figures.latency_ms.p50 ?? '–'} / {figures.latency_ms.p95 ?? '–'} / {figures.latency_ms.p99 ?? '–'} ms
        </dd>
      </dl>
    </div>
  );
}
