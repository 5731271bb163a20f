import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { catalogApi } from '../api/platform.js';
import { ErrorNote } from '../components/error-note.js';
import { JsonBlock } from '../components/json-block.js';

/**
 * Subscriptions picked from the catalog the API serves: each type, or a whole domain (`user.*`), or `*`. The
 * type last looked at shows its schema and an example.
 */
export function EventPicker({ selected, onChange }: { selected: string[]; onChange: (events: string[]) => void }) {
  const catalog = useQuery({ queryKey: ['catalog'], queryFn: catalogApi.get, staleTime: 300_000 });
  const [shown, setShown] = useState<string | null>(null);
  const toggle = (event: string) => onChange(selected.includes(event) ? selected.filter((e) => e !== event) : [...selected, event]);
  const domains = [...new Set(catalog.data?.events.map((e) => e.domain))];
  const described = catalog.data?.events.find((e) => e.type === shown);
  return (
    <fieldset className="event-picker">
      <legend>
        Events ({selected.length} chosen: {selected.join(', ') || 'none'})
      </legend>
      <ErrorNote error={catalog.error} />
      <label className="inline">
        <input type="checkbox" checked={selected.includes('*')} onChange={() => toggle('*')} /> every event (*)
      </label>
      <div className="picker-columns">
        <div className="picker-list">
          {domains.map((domain) => {
            const family = `${catalog.data!.events.find((e) => e.domain === domain)!.type.split('.')[0]}.*`;
            return (
              <div key={domain}>
                <label className="inline domain">
                  <input type="checkbox" checked={selected.includes(family)} onChange={() => toggle(family)} /> {domain} ({family})
                </label>
                {catalog
                  .data!.events.filter((e) => e.domain === domain)
                  .map((e) => (
                    <label key={e.type} className="inline event" onMouseEnter={() => setShown(e.type)} onFocus={() => setShown(e.type)}>
                      <input type="checkbox" aria-label={e.type} checked={selected.includes(e.type)} onChange={() => toggle(e.type)} />{' '}
                      {e.type}
                    </label>
                  ))}
              </div>
            );
          })}
        </div>
        <div className="picker-detail" data-testid="event-detail">
          {described ? (
            <>
              <h4>{described.type}</h4>
              <p>{described.description}</p>
              <h5>Example</h5>
              <JsonBlock value={described.example} label="example" />
              <h5>Schema of data</h5>
              <JsonBlock value={described.schema} label="schema" />
            </>
          ) : (
            <p className="muted">Point at an event to see its schema and an example.</p>
          )}
        </div>
      </div>
    </fieldset>
  );
}
