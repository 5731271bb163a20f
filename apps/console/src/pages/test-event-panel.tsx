import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpointsApi } from '../api/endpoints.js';
import { ErrorNote } from '../components/error-note.js';

/** Sends a signed `webhook.test` now; it lands in the delivery log below like any delivery. */
export function TestEventPanel({ endpointId }: { endpointId: string }) {
  const queries = useQueryClient();
  const test = useMutation({
    mutationFn: () => endpointsApi.sendTest(endpointId),
    onSettled: () => queries.invalidateQueries({ queryKey: ['deliveries', endpointId] }),
  });
  const r = test.data;
  return (
    <div className="card">
      <h3>Test event</h3>
      <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
        Send test event
      </button>
      {r && (
        <p data-testid="test-result" className={r.succeeded ? 'ok' : 'error'}>
          {r.succeeded ? 'Delivered' : 'Failed'}: {r.status_code ?? 'no response'} in {r.latency_ms ?? '–'} ms{r.error && ` (${r.error})`} ·{' '}
          {r.event_id}
        </p>
      )}
      <ErrorNote error={test.error} />
    </div>
  );
}
