import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { endpointsApi, type EndpointInput } from '../api/endpoints.js';
import type { Endpoint, FilterCondition } from '../api/types.js';
import { ErrorNote } from '../components/error-note.js';
import { navigate } from '../router.js';
import { useSelectedOrganization } from '../session/selected-organization.js';
import { EventPicker } from './event-picker.js';

interface Draft {
  url: string;
  description: string;
  events: string[];
  filter: string;
  ordered: boolean;
  active: boolean;
  maxConcurrency: string;
  rateLimit: string;
}

const empty: Draft = { url: '', description: '', events: [], filter: '', ordered: false, active: true, maxConcurrency: '', rateLimit: '' };

function draftOf(e: Endpoint): Draft {
  return {
    url: e.url,
    description: e.description ?? '',
    events: e.events,
    filter: e.filter ? JSON.stringify(e.filter, null, 2) : '',
    ordered: e.ordered,
    active: e.active,
    maxConcurrency: e.max_concurrency?.toString() ?? '',
    rateLimit: e.rate_limit_per_second?.toString() ?? '',
  };
}

/** What the form sends: the API validates every field and names the one it refuses. */
function inputOf(d: Draft): EndpointInput {
  let filter: FilterCondition[] | null = null;
  if (d.filter.trim()) {
    try {
      filter = JSON.parse(d.filter) as FilterCondition[];
    } catch {
      throw new Error('filter: not valid JSON (a list of {path, op, value})');
    }
  }
  return {
    url: d.url,
    description: d.description,
    events: d.events,
    filter,
    ordered: d.ordered,
    active: d.active,
    max_concurrency: d.maxConcurrency ? Number(d.maxConcurrency) : null,
    rate_limit_per_second: d.rateLimit ? Number(d.rateLimit) : null,
  };
}

export function EndpointFormPage({ endpointId }: { endpointId?: string }) {
  const orgId = useSelectedOrganization();
  const queries = useQueryClient();
  const existing = useQuery({ queryKey: ['endpoint', endpointId], queryFn: () => endpointsApi.get(endpointId!), enabled: !!endpointId });
  const [draft, setDraft] = useState<Draft>(empty);
  useEffect(() => {
    if (existing.data) setDraft(draftOf(existing.data));
  }, [existing.data]);
  const save = useMutation({
    mutationFn: async () =>
      endpointId ? endpointsApi.update(endpointId, inputOf(draft)) : endpointsApi.create({ ...inputOf(draft), org_id: orgId }),
    onSuccess: async (saved) => {
      await queries.invalidateQueries({ queryKey: ['endpoints'] });
      await queries.invalidateQueries({ queryKey: ['endpoint', saved.id] });
      if (endpointId) navigate(`/endpoints/${saved.id}`);
    },
  });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  // The secret of a new endpoint: shown this once, as the API shows it this once.
  if (save.data?.secret) {
    return (
      <section className="card" data-testid="new-secret">
        <h1>Endpoint created</h1>
        <p>Its signing secret is shown this once. Keep it where your receiver reads it:</p>
        <code className="secret">{save.data.secret}</code>
        <p>
          <a className="button" href={`#/endpoints/${save.data.id}`}>
            Go to the endpoint
          </a>
        </p>
      </section>
    );
  }
  return (
    <form className="endpoint-form" onSubmit={submit}>
      <h1>{endpointId ? 'Edit endpoint' : `New endpoint${orgId ? ` for ${orgId}` : ' (platform)'}`}</h1>
      <label>
        URL
        <input type="url" value={draft.url} onChange={(e) => set('url', e.target.value)} placeholder="https://example.com/hooks" required />
      </label>
      <label>
        Description
        <input value={draft.description} onChange={(e) => set('description', e.target.value)} />
      </label>
      <EventPicker selected={draft.events} onChange={(events) => set('events', events)} />
      <label>
        Filter (JSON, optional)
        <textarea
          rows={4}
          value={draft.filter}
          onChange={(e) => set('filter', e.target.value)}
          placeholder='[{"path": "data.tier", "op": "eq", "value": "enterprise"}]'
        />
      </label>
      <div className="row">
        <label className="inline">
          <input type="checkbox" checked={draft.ordered} onChange={(e) => set('ordered', e.target.checked)} /> Deliver in order
        </label>
        <label className="inline">
          <input type="checkbox" checked={draft.active} onChange={(e) => set('active', e.target.checked)} /> Active
        </label>
        <label>
          Max concurrency
          <input
            type="number"
            min={1}
            max={100}
            value={draft.maxConcurrency}
            onChange={(e) => set('maxConcurrency', e.target.value)}
            placeholder="default"
          />
        </label>
        <label>
          Rate limit (per second)
          <input
            type="number"
            min={0.01}
            step="any"
            value={draft.rateLimit}
            onChange={(e) => set('rateLimit', e.target.value)}
            placeholder="none"
          />
        </label>
      </div>
      <button type="submit" disabled={save.isPending}>
        {endpointId ? 'Save' : 'Create endpoint'}
      </button>
      <ErrorNote error={save.error ?? existing.error} />
    </form>
  );
}
