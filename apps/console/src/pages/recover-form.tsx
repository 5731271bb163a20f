import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { deliveriesApi } from '../api/deliveries.js';
import { ErrorNote } from '../components/error-note.js';

/** Every failed delivery created since a time, pending again now. */
export function RecoverForm({ endpointId }: { endpointId: string }) {
  const queries = useQueryClient();
  const [since, setSince] = useState(() => localInput(new Date(Date.now() - 3_600_000)));
  const recover = useMutation({
    mutationFn: () => deliveriesApi.recover(endpointId, new Date(since).toISOString()),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['deliveries', endpointId] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    recover.mutate();
  };
  return (
    <form className="card" onSubmit={submit}>
      <h3>Recover failed deliveries</h3>
      <label>
        Since
        <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} required />
      </label>
      <button type="submit">Recover</button>
      {recover.data && <p className="ok">{recover.data.recovered} deliveries pending again.</p>}
      <ErrorNote error={recover.error} />
    </form>
  );
}

/** A date as a datetime-local input holds it: local time, to the minute. */
export function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}
