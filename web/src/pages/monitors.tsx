import { useState } from 'react';
import { useApi } from '../api/session.js';
import { CHECK_STATUSES, MONITOR_KINDS } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { fmtSchedule } from '../components/format.js';
import { Loaded } from '../components/loaded.js';
import { loadMonitorsWithStatus } from '../components/monitor-status.js';
import { StatusBadge } from '../components/status-badge.js';
import { useLoad } from '../components/use-load.js';
import { Link, navigate, useLocation } from '../router.js';

const STATUS_LABEL: Record<string, string> = {
  pass: 'passing',
  fail: 'failing',
  error: 'error',
  learning: 'learning',
  none: 'not run yet',
};

export default function MonitorsPage() {
  const api = useApi();
  const { search, path } = useLocation();
  const status = search.get('status') ?? '';
  const kind = search.get('kind') ?? '';
  const source = search.get('source') ?? '';
  const [text, setText] = useState('');

  // Filters live in the URL, so a filtered list can be bookmarked and shared.
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    const qs = next.toString();
    navigate(`${path}${qs ? `?${qs}` : ''}`, { replace: true });
  };

  const load = useLoad(async () => {
    const [withStatus, sources] = await Promise.all([
      loadMonitorsWithStatus(api, { kind: kind || undefined, source: source || undefined }),
      api.listSources(),
    ]);
    return { ...withStatus, sources: sources.items };
  }, [api, kind, source]);

  return (
    <div className="page">
      <header className="page-head">
        <h1>Monitors</h1>
        <Link className="btn btn-primary" to="/monitors/new">
          New monitor
        </Link>
      </header>
      <form className="filters" aria-label="Filter monitors" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setFilter('status', e.target.value)} name="status">
            <option value="">any</option>
            {[...CHECK_STATUSES, 'none'].map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setFilter('kind', e.target.value)} name="kind">
            <option value="">any</option>
            {MONITOR_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Source{' '}
          <select value={source} onChange={(e) => setFilter('source', e.target.value)} name="source">
            <option value="">any</option>
            {load.data?.sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name or table{' '}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} name="q" />
        </label>
      </form>
      <Loaded load={load} what="monitors">
        {(data) => {
          const sourceName = new Map(data.sources.map((s) => [s.id, s.name]));
          const q = text.trim().toLowerCase();
          const shown = data.monitors.filter(
            (m) =>
              (!status || (data.status.get(m.id) ?? 'none') === status) &&
              (!q || m.name.toLowerCase().includes(q) || m.asset.toLowerCase().includes(q)),
          );
          if (data.monitors.length === 0 && !kind && !source) {
            return (
              <EmptyState title="No monitors yet">
                <p>
                  {data.sources.length === 0 ? (
                    <>
                      First <Link to="/sources?new=1">add a source</Link>, then a monitor on one of its
                      tables.
                    </>
                  ) : (
                    <>
                      <Link to="/monitors/new">Add a monitor</Link> to check a table's freshness, volume,
                      schema or values.
                    </>
                  )}
                </p>
              </EmptyState>
            );
          }
          return (
            <>
              <p className="muted small" role="status">
                {shown.length} of {data.monitors.length} monitor{data.monitors.length === 1 ? '' : 's'}
              </p>
              <table className="table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Status</th>
                    <th>Kind</th>
                    <th>Table</th>
                    <th>Source</th>
                    <th>Schedule</th>
                    <th>Severity</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <Link to={`/monitors/${m.id}`}>{m.name}</Link>
                        {!m.enabled && <span className="muted small"> (paused)</span>}
                      </td>
                      <td>
                        <StatusBadge status={data.status.get(m.id)} />
                      </td>
                      <td>{m.kind}</td>
                      <td className="mono small">{m.asset}</td>
                      <td>{sourceName.get(m.sourceId) ?? m.sourceId}</td>
                      <td>{fmtSchedule(m.schedule)}</td>
                      <td>{m.severity}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
