import { Fragment, useState } from 'react';
import { useApi } from '../api/session.js';
import { CHECK_STATUSES, MONITOR_KINDS } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { fmtSchedule } from '../components/format.js';
import { Loaded } from '../components/loaded.js';
import { loadMonitorsWithStatus } from '../components/monitor-status.js';
import { StatusBadge } from '../components/status-badge.js';
import { useLoad } from '../components/use-load.js';
import { localText } from '../components/time.js';
import { Link, navigate, useLocation } from '../router.js';
import { monitorSilenceMatchers, SilencedBadge, silenceFor } from './monitor-silence.js';
import { SilenceForm } from './silence-form.js';

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
  const silenced = search.get('silenced') ?? '';
  const [text, setText] = useState('');
  const [silencing, setSilencing] = useState<string | null>(null);
  const [notice, setNotice] = useState('');

  // Filters live in the URL, so a filtered list can be bookmarked and shared.
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    const qs = next.toString();
    navigate(`${path}${qs ? `?${qs}` : ''}`, { replace: true });
  };

  const load = useLoad(async () => {
    const [withStatus, sources, silences] = await Promise.all([
      loadMonitorsWithStatus(api, { kind: kind || undefined, source: source || undefined }),
      api.listSources(),
      api.listSilences().catch(() => ({ items: [] })),
    ]);
    const sourceName = new Map(sources.items.map((s) => [s.id, s.name]));
    const silencedBy = new Map(
      withStatus.monitors.flatMap((m) => {
        const hit = silenceFor(m, sourceName.get(m.sourceId) ?? m.sourceId, silences.items);
        return hit ? [[m.id, hit] as const] : [];
      }),
    );
    return { ...withStatus, sources: sources.items, sourceName, silencedBy };
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
          Alerts{' '}
          <select value={silenced} onChange={(e) => setFilter('silenced', e.target.value)} name="silenced">
            <option value="">any</option>
            <option value="1">silenced</option>
            <option value="0">not silenced</option>
          </select>
        </label>
        <label>
          Name or table{' '}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} name="q" />
        </label>
      </form>
      <Loaded load={load} what="monitors">
        {(data) => {
          const { sourceName, silencedBy } = data;
          const q = text.trim().toLowerCase();
          const shown = data.monitors.filter(
            (m) =>
              (!status || (data.status.get(m.id) ?? 'none') === status) &&
              (!silenced || silencedBy.has(m.id) === (silenced === '1')) &&
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
              {notice && (
                <p className="notice" role="status">
                  {notice}
                </p>
              )}
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
                    <th>
                      <span className="sr-only">Alerts</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((m) => (
                    <Fragment key={m.id}>
                      <tr>
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
                        <td className="row-actions">
                          {silencedBy.has(m.id) ? (
                            <SilencedBadge silence={silencedBy.get(m.id)!} />
                          ) : (
                            <button
                              type="button"
                              className="btn btn-small"
                              aria-expanded={silencing === m.id}
                              aria-label={`Silence ${m.name}`}
                              onClick={() => setSilencing(silencing === m.id ? null : m.id)}
                            >
                              Silence
                            </button>
                          )}
                        </td>
                      </tr>
                      {silencing === m.id && (
                        <tr className="inline-form-row">
                          <td colSpan={8}>
                            <SilenceForm
                              initialMatchers={monitorSilenceMatchers(m)}
                              onCancel={() => setSilencing(null)}
                              onCreated={(s) => {
                                setSilencing(null);
                                setNotice(`Silenced ${m.name} until ${localText(new Date(s.endsAt))}.`);
                                load.reload();
                              }}
                            />
                          </td>
                        </tr>
                      )}
                    </Fragment>
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
