import { useState } from 'react';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../api/types-respond.js';
import { EmptyState } from '../components/empty-state.js';
import { IncidentSeverity, IncidentStatus } from '../components/incident-badges.js';
import { Loaded } from '../components/loaded.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link, navigate, useLocation } from '../router.js';
import { DeclareForm } from './incident-declare.js';

/** Incidents, newest first, filtered by status (open by default) and severity. */
export default function IncidentsPage() {
  const api = useApi();
  const { search } = useLocation();
  const status = search.get('status') ?? 'open';
  const severity = search.get('severity') ?? '';
  const [declaring, setDeclaring] = useState(search.get('declare') === '1');
  const load = useLoad(
    () =>
      respondApi(api).listIncidents({
        ...(status === 'open' ? { open: 'true' } : status === 'all' ? {} : { status }),
        severity: severity || undefined,
        limit: 500,
      }),
    [api, status, severity],
  );
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate(`/incidents${next.toString() ? `?${next}` : ''}`, { replace: true });
  };

  return (
    <div className="page">
      <header className="page-head">
        <h1>Incidents</h1>
        <button type="button" className="btn btn-primary" onClick={() => setDeclaring(true)}>
          Declare incident
        </button>
      </header>
      {declaring && (
        <DeclareForm
          onCancel={() => setDeclaring(false)}
          onDeclared={(inc) => navigate(`/incidents/${encodeURIComponent(inc.id)}`)}
        />
      )}
      <div className="filters">
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="open">open</option>
            <option value="all">all</option>
            {INCIDENT_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Severity{' '}
          <select value={severity} onChange={(e) => setFilter('severity', e.target.value)}>
            <option value="">any</option>
            {INCIDENT_SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <Loaded load={load} what="incidents">
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title={status === 'open' ? 'No open incidents' : 'No incidents match'}>
              <p>
                Incidents open from page alerts by policy, or by hand: declare one when something is wrong
                with data people rely on. Look at <Link to="/alerts">firing alerts</Link> to see what is going
                on.
              </p>
              {status !== 'all' && (
                <button type="button" className="btn" onClick={() => setFilter('status', 'all')}>
                  Show all incidents
                </button>
              )}
            </EmptyState>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Severity</th>
                  <th>Title</th>
                  <th>Status</th>
                  <th>Commander</th>
                  <th>Assets</th>
                  <th>Started</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <IncidentSeverity severity={i.severity} />
                    </td>
                    <td>
                      <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link>
                    </td>
                    <td>
                      <IncidentStatus status={i.status} />
                    </td>
                    <td>{i.roles.commander ?? <span className="muted">nobody</span>}</td>
                    <td className="small">{i.affectedAssets.slice(0, 3).join(', ') || '—'}</td>
                    <td>
                      <Time iso={i.times.startedAt ?? i.createdAt} short />
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
