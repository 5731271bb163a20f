import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { catalogApi } from '../api/platform.js';
import { ErrorNote } from '../components/error-note.js';
import { JsonBlock } from '../components/json-block.js';

export function CatalogPage() {
  const catalog = useQuery({ queryKey: ['catalog'], queryFn: catalogApi.get, staleTime: 300_000 });
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const events = catalog.data?.events.filter((e) => `${e.type} ${e.description}`.toLowerCase().includes(search.toLowerCase())) ?? [];
  return (
    <section>
      <div className="page-head">
        <h1>Event catalog</h1>
        {catalog.data && (
          <span className="muted">
            version {catalog.data.version} · {catalog.data.events.length} types
          </span>
        )}
        <input aria-label="Search events" placeholder="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <ErrorNote error={catalog.error} />
      <table className="list" data-testid="catalog">
        <tbody>
          {events.map((e) => (
            <tr key={e.type} onClick={() => setOpen(open === e.type ? null : e.type)}>
              <td>
                <button type="button" className="link">
                  {e.type}
                </button>
              </td>
              <td>{e.domain}</td>
              <td>
                {e.description}
                {open === e.type && (
                  <div className="cards">
                    <div>
                      <h5>Example</h5>
                      <JsonBlock value={e.example} label="example" />
                    </div>
                    <div>
                      <h5>Schema of data</h5>
                      <JsonBlock value={e.schema} label="schema" />
                    </div>
                  </div>
                )}
              </td>
              <td className="muted">{e.sources.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
