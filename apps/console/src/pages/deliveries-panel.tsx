import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { deliveriesApi, type DeliveryFilter } from '../api/deliveries.js';
import type { DeliveryStatus } from '../api/types.js';
import { ErrorNote } from '../components/error-note.js';
import { StatusBadge } from '../components/state-badge.js';
import { DeliveryTimeline } from './delivery-timeline.js';
import { when } from './format.js';

const statuses: Array<DeliveryStatus | ''> = ['', 'pending', 'in_flight', 'retrying', 'succeeded', 'failed'];

/** The endpoint's delivery log, newest first, refreshed while open: a test event shows up within a second or two. */
export function DeliveriesPanel({ endpointId }: { endpointId: string }) {
  const [filter, setFilter] = useState<DeliveryFilter>({});
  const [open, setOpen] = useState<string | null>(null);
  const deliveries = useQuery({
    queryKey: ['deliveries', endpointId, filter],
    queryFn: () => deliveriesApi.list(endpointId, filter),
    refetchInterval: 1_000,
  });
  return (
    <section className="card">
      <div className="page-head">
        <h2>Deliveries</h2>
        <select
          aria-label="Status"
          value={filter.status ?? ''}
          onChange={(e) => setFilter({ ...filter, status: (e.target.value || undefined) as DeliveryStatus | undefined })}
        >
          {statuses.map((s) => (
            <option key={s} value={s}>
              {s || 'any status'}
            </option>
          ))}
        </select>
        <input
          aria-label="Event type"
          placeholder="event type, e.g. user.created"
          value={filter.event_type ?? ''}
          onChange={(e) => setFilter({ ...filter, event_type: e.target.value || undefined })}
        />
      </div>
      <ErrorNote error={deliveries.error} />
      <table className="list" data-testid="deliveries">
        <thead>
          <tr>
            <th>Event</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Last answer</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data?.data.map((d) => (
            <tr
              key={d.id}
              data-delivery={d.id}
              className={open === d.id ? 'selected' : ''}
              onClick={() => setOpen(open === d.id ? null : d.id)}
            >
              <td>
                <button type="button" className="link">
                  {d.event}
                </button>
                <div className="muted">{d.event_id}</div>
              </td>
              <td>
                <StatusBadge status={d.status} />
              </td>
              <td>{d.attempt_count}</td>
              <td>
                {d.last_status_code ?? '–'} {d.last_latency_ms != null && `· ${d.last_latency_ms} ms`}{' '}
                {d.last_error && <span className="error">{d.last_error}</span>}
              </td>
              <td>{when(d.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {deliveries.data?.data.length === 0 && <p className="muted">No deliveries match.</p>}
      {open && <DeliveryTimeline endpointId={endpointId} deliveryId={open} />}
    </section>
  );
}
