import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deliveriesApi } from '../api/deliveries.js';
import { ErrorNote } from '../components/error-note.js';
import { StatusBadge } from '../components/state-badge.js';
import { when } from './format.js';

/** One delivery's attempts, oldest first: when, the answer's status, latency, error and the start of its body. */
export function DeliveryTimeline({ endpointId, deliveryId }: { endpointId: string; deliveryId: string }) {
  const queries = useQueryClient();
  const delivery = useQuery({
    queryKey: ['delivery', deliveryId],
    queryFn: () => deliveriesApi.get(endpointId, deliveryId),
    refetchInterval: 1_000,
  });
  const resend = useMutation({
    mutationFn: () => deliveriesApi.resend(endpointId, deliveryId),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['deliveries', endpointId] }),
  });
  const d = delivery.data;
  return (
    <div className="timeline" data-testid="timeline">
      <div className="page-head">
        <h3>
          {d?.event} {d && <StatusBadge status={d.status} />}
        </h3>
        <button type="button" onClick={() => resend.mutate()} disabled={resend.isPending}>
          Resend
        </button>
      </div>
      {d?.next_attempt_at && <p className="muted">next attempt {when(d.next_attempt_at)}</p>}
      <ol>
        {d?.attempts?.map((a) => (
          <li key={a.id} className={a.succeeded ? 'ok' : 'error'} data-testid="attempt">
            <strong>#{a.attempt_number}</strong> {when(a.started_at)} · {a.status_code ?? 'no response'} · {a.latency_ms ?? '–'} ms
            {a.error && <div>{a.error}</div>}
            {a.response_excerpt && <pre className="excerpt">{a.response_excerpt}</pre>}
          </li>
        ))}
      </ol>
      <ErrorNote error={delivery.error ?? resend.error} />
    </div>
  );
}
