import type { Endpoint } from '../api/types.js';

/** An endpoint's state in one word: disabled (by someone or by the platform), failing, or healthy. */
export function endpointState(
  endpoint: Pick<Endpoint, 'active' | 'disabled_reason' | 'failing_since'>,
): 'disabled' | 'failing' | 'healthy' {
  if (!endpoint.active) return 'disabled';
  return endpoint.failing_since ? 'failing' : 'healthy';
}

export function StateBadge({ endpoint }: { endpoint: Pick<Endpoint, 'active' | 'disabled_reason' | 'failing_since'> }) {
  const state = endpointState(endpoint);
  const title =
    state === 'failing' ? `failing since ${new Date(endpoint.failing_since!).toLocaleString()}` : (endpoint.disabled_reason ?? state);
  return (
    <span className={`badge badge-${state}`} title={title} data-testid="endpoint-state">
      {state}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}
