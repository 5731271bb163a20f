import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { replaysApi } from '../api/platform.js';
import type { Replay } from '../api/types.js';
import { ErrorNote } from '../components/error-note.js';
import { ProgressBar } from '../components/progress-bar.js';
import { StatusBadge } from '../components/state-badge.js';
import { when } from './format.js';
import { ReplayForm } from './replay-form.js';

export function ReplaysPage() {
  const replays = useQuery({ queryKey: ['replays'], queryFn: replaysApi.list, refetchInterval: 1_000 });
  return (
    <section>
      <h1>Replays</h1>
      <ReplayForm />
      <ErrorNote error={replays.error} />
      <div data-testid="replays">
        {replays.data?.data.map((r) => (
          <ReplayCard key={r.id} replay={r} />
        ))}
      </div>
      {replays.data?.data.length === 0 && <p className="muted">No replays yet.</p>}
    </section>
  );
}

function ReplayCard({ replay }: { replay: Replay }) {
  const queries = useQueryClient();
  const act = useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'cancel') => replaysApi[action](replay.id),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['replays'] }),
  });
  const live = replay.status === 'running' || replay.status === 'paused';
  return (
    <div className="card replay" data-replay={replay.id}>
      <div className="page-head">
        <strong>{replay.id}</strong>
        <StatusBadge status={replay.status} />
        <span className="muted">
          {replay.endpoint_id ?? replay.org_id ?? 'every endpoint'} · sequences {replay.from_seq}–{replay.to_seq} · started{' '}
          {when(replay.created_at)}
        </span>
      </div>
      <ProgressBar done={replay.sequences_done} total={replay.sequences_total} label={`progress of ${replay.id}`} />
      <p className="muted">
        {replay.events_read} read · {replay.events_matched} matched · {replay.deliveries_created} deliveries created
        {replay.error && <span className="error"> · {replay.error}</span>}
      </p>
      <div className="row">
        {replay.status === 'running' && (
          <button type="button" onClick={() => act.mutate('pause')}>
            Pause
          </button>
        )}
        {replay.status === 'paused' && (
          <button type="button" onClick={() => act.mutate('resume')}>
            Resume
          </button>
        )}
        {(live || replay.status === 'completed') && (
          <button type="button" onClick={() => act.mutate('cancel')}>
            Cancel
          </button>
        )}
      </div>
      <ErrorNote error={act.error} />
    </div>
  );
}
