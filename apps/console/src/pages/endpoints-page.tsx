import { useQuery } from '@tanstack/react-query';
import { endpointsApi } from '../api/endpoints.js';
import type { Endpoint } from '../api/types.js';
import { ErrorNote } from '../components/error-note.js';
import { Sparkline } from '../components/sparkline.js';
import { StateBadge } from '../components/state-badge.js';
import { useSelectedOrganization } from '../session/selected-organization.js';
import { percent } from './format.js';

export function EndpointsPage() {
  const orgId = useSelectedOrganization();
  const endpoints = useQuery({ queryKey: ['endpoints', orgId], queryFn: () => endpointsApi.list(orgId), refetchInterval: 5_000 });
  return (
    <section>
      <div className="page-head">
        <h1>Endpoints</h1>
        <a className="button" href="#/endpoints/new">
          New endpoint
        </a>
      </div>
      <ErrorNote error={endpoints.error} />
      <table className="list" data-testid="endpoints">
        <thead>
          <tr>
            <th>URL</th>
            <th>State</th>
            <th>Success, last hour</th>
            <th>p95</th>
            <th>Events</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.data?.data.map((endpoint) => (
            <EndpointRow key={endpoint.id} endpoint={endpoint} />
          ))}
        </tbody>
      </table>
      {endpoints.data?.data.length === 0 && <p className="muted">No endpoints yet.</p>}
    </section>
  );
}

function EndpointRow({ endpoint }: { endpoint: Endpoint }) {
  const stats = useQuery({ queryKey: ['stats', endpoint.id], queryFn: () => endpointsApi.stats(endpoint.id), refetchInterval: 5_000 });
  const hour = stats.data?.last_hour;
  return (
    <tr data-endpoint={endpoint.id}>
      <td>
        <a href={`#/endpoints/${endpoint.id}`}>{endpoint.url}</a>
        {endpoint.description && <div className="muted">{endpoint.description}</div>}
      </td>
      <td>
        <StateBadge endpoint={stats.data ?? endpoint} />
      </td>
      <td>
        {stats.data && (
          <Sparkline
            values={stats.data.series.buckets.map((b) => b.success_rate)}
            min={0}
            max={1}
            label="success rate per minute, last hour"
          />
        )}
        <span className="figure">{hour ? `${percent(hour.success_rate)} of ${hour.attempts}` : '–'}</span>
      </td>
      <td>{hour?.latency_ms.p95 != null ? `${hour.latency_ms.p95} ms` : '–'}</td>
      <td className="muted">{endpoint.events.join(', ')}</td>
    </tr>
  );
}
