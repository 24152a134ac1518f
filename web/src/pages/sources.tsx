import { useState } from 'react';
import { useApi } from '../api/session.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { EmptyState } from '../components/empty-state.js';
import { fmtNumber } from '../components/format.js';
import { Loaded } from '../components/loaded.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link, navigate, useLocation } from '../router.js';
import { SourceForm } from './source-form.js';

function configSummary(config: Record<string, unknown>): string {
  return Object.entries(config)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

export default function SourcesPage() {
  const api = useApi();
  const { search } = useLocation();
  const creating = search.get('new') === '1';
  const [created, setCreated] = useState<string | null>(null);
  const load = useLoad(async () => {
    const [sources, costs] = await Promise.all([api.listSources(), api.sourceCosts()]);
    return { sources: sources.items, costs: new Map(costs.items.map((c) => [c.sourceId, c])) };
  }, [api]);

  return (
    <div className="page">
      <header className="page-head">
        <h1>Sources</h1>
        {!creating && (
          <button type="button" className="btn btn-primary" onClick={() => navigate('/sources?new=1')}>
            Add source
          </button>
        )}
      </header>
      {creating && (
        <SourceForm
          onCancel={() => navigate('/sources')}
          onCreated={(s) => {
            setCreated(s.name);
            navigate('/sources');
            load.reload();
          }}
        />
      )}
      {created && (
        <p className="notice" role="status">
          Source <strong>{created}</strong> added. Next: <Link to="/monitors/new">add a monitor</Link> on one
          of its tables.
        </p>
      )}
      <Loaded load={load} what="sources">
        {({ sources, costs }) =>
          sources.length === 0 ? (
            <EmptyState title="No sources yet">
              <p>Add the database Vigil should watch. DuckDB with ':memory:' is enough to try it out.</p>
            </EmptyState>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Kind</th>
                  <th>Connection</th>
                  <th>Secrets set</th>
                  <th className="num" title="Check runs against this source in the last 24 hours">
                    Runs (24 h)
                  </th>
                  <th>Added</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sources.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link
                        to={`/monitors?source=${encodeURIComponent(s.id)}`}
                        title="Monitors on this source"
                      >
                        {s.name}
                      </Link>
                      {s.description && <div className="muted small">{s.description}</div>}
                    </td>
                    <td>{s.kind}</td>
                    <td className="mono small">{configSummary(s.config) || '—'}</td>
                    <td>
                      {s.secretFields.length ? (
                        s.secretFields.join(', ')
                      ) : (
                        <span className="muted">none</span>
                      )}
                    </td>
                    <td className="num">{fmtNumber(costs.get(s.id)?.runs ?? 0)}</td>
                    <td>
                      <Time iso={s.createdAt} />
                    </td>
                    <td className="row-actions">
                      <ConfirmButton
                        label="Delete"
                        question={`Move ${s.name} to the trash?`}
                        confirmLabel="Move to trash"
                        onConfirm={async () => {
                          await api.deleteSource(s.id);
                          load.reload();
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </div>
  );
}
