import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { endpointsApi } from '../api/endpoints.js';
import { replaysApi, type ReplayInput } from '../api/platform.js';
import { ErrorNote } from '../components/error-note.js';
import { useSelectedOrganization } from '../session/selected-organization.js';
import { localInput } from './recover-form.js';

/** Starts a replay of a time range to one endpoint, or to every matching endpoint of the selected organization. */
export function ReplayForm() {
  const orgId = useSelectedOrganization();
  const queries = useQueryClient();
  const endpoints = useQuery({ queryKey: ['endpoints', orgId], queryFn: () => endpointsApi.list(orgId) });
  const [from, setFrom] = useState(() => localInput(new Date(Date.now() - 3_600_000)));
  const [to, setTo] = useState('');
  const [endpointId, setEndpointId] = useState('');
  const [types, setTypes] = useState('');
  const start = useMutation({
    mutationFn: () => {
      const input: ReplayInput = { from_time: new Date(from).toISOString() };
      if (to) input.to_time = new Date(to).toISOString();
      const eventTypes = types
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      if (eventTypes.length) input.event_types = eventTypes;
      if (endpointId) input.endpoint_id = endpointId;
      else if (orgId) input.org_id = orgId;
      return replaysApi.start(input);
    },
    onSuccess: () => queries.invalidateQueries({ queryKey: ['replays'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  return (
    <form className="card row" onSubmit={submit} aria-label="Start a replay">
      <label>
        From
        <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} required />
      </label>
      <label>
        To (default: now)
        <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <label>
        Endpoint
        <select aria-label="Replay endpoint" value={endpointId} onChange={(e) => setEndpointId(e.target.value)}>
          <option value="">{orgId ? `every endpoint of ${orgId}` : 'every endpoint'}</option>
          {endpoints.data?.data.map((ep) => (
            <option key={ep.id} value={ep.id}>
              {ep.url}
            </option>
          ))}
        </select>
      </label>
      <label>
        Event types (comma-separated, optional)
        <input value={types} onChange={(e) => setTypes(e.target.value)} placeholder="user.created, device.*" />
      </label>
      <button type="submit" disabled={start.isPending}>
        Start replay
      </button>
      <ErrorNote error={start.error} />
    </form>
  );
}
