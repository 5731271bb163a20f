import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { endpointsApi } from '../api/endpoints.js';
import { ErrorNote } from '../components/error-note.js';

/** The signing secret is shown only when asked for, and only until the page is left. */
export function SecretPanel({ endpointId }: { endpointId: string }) {
  const [secret, setSecret] = useState<string | null>(null);
  const reveal = useMutation({ mutationFn: () => endpointsApi.revealSecret(endpointId), onSuccess: (r) => setSecret(r.secret) });
  const rotate = useMutation({ mutationFn: () => endpointsApi.rotateSecret(endpointId), onSuccess: (r) => setSecret(r.secret) });
  return (
    <div className="card">
      <h3>Signing secret</h3>
      {secret ? <code data-testid="secret">{secret}</code> : <p className="muted">Hidden.</p>}
      <div className="row">
        <button type="button" onClick={() => (secret ? setSecret(null) : reveal.mutate())}>
          {secret ? 'Hide' : 'Reveal'}
        </button>
        <button
          type="button"
          onClick={() => window.confirm('Rotate the secret? The previous one keeps signing for 24 hours.') && rotate.mutate()}
        >
          Rotate
        </button>
      </div>
      {rotate.data?.previous_expires_at && (
        <p className="muted">The previous secret signs too until {new Date(rotate.data.previous_expires_at).toLocaleString()}.</p>
      )}
      <ErrorNote error={reveal.error ?? rotate.error} />
    </div>
  );
}
