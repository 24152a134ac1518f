import { useSession } from '../api/session.js';
import type { Alert, CheckResult, Source } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { fmtBand, fmtNumber } from '../components/format.js';
import { Loaded } from '../components/loaded.js';
import { loadMonitorsWithStatus, type MonitorsWithStatus } from '../components/monitor-status.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link } from '../router.js';
import {
  IncidentCards,
  loadRespondOverview,
  OpenIncidents,
  type RespondOverview,
  SloBudgets,
} from './overview-respond.js';

interface OverviewData extends MonitorsWithStatus {
  sources: Source[];
  recent: CheckResult[];
  /** Firing alerts, or null when the alerts could not be read (the rest still shows). */
  firing: Alert[] | null;
  deadLetters: number | null;
  respond: RespondOverview;
}

const SEVERITY_CARDS = [
  { severity: 'page', label: 'Firing: page' },
  { severity: 'ticket', label: 'Firing: ticket' },
  { severity: 'log', label: 'Firing: log' },
] as const;

function AlertCards({ data }: { data: OverviewData }) {
  const count = (sev: string) => data.firing?.filter((a) => a.severity === sev).length;
  const show = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(n));
  return (
    <section aria-label="Firing alerts by severity" className="stat-grid">
      {SEVERITY_CARDS.map((c) => (
        <Link key={c.severity} to="/alerts" className={`stat stat-sev-${c.severity}`}>
          <span className="stat-value">{show(count(c.severity))}</span>
          <span className="stat-label">{c.label}</span>
        </Link>
      ))}
      <Link to="/alerts" className="stat stat-acknowledged" title="Firing alerts someone has acknowledged">
        <span className="stat-value">{show(data.firing?.filter((a) => a.acknowledgedAt).length)}</span>
        <span className="stat-label">Acknowledged</span>
      </Link>
      <Link
        to="/settings/channels#dead-letters"
        className={`stat stat-dead${data.deadLetters ? ' stat-dead-some' : ''}`}
        title="Notifications that could not be delivered after every retry"
      >
        <span className="stat-value">{show(data.deadLetters)}</span>
        <span className="stat-label">Dead letters</span>
      </Link>
    </section>
  );
}

const CARDS = [
  { status: 'fail', label: 'Failing' },
  { status: 'error', label: 'Erroring' },
  { status: 'learning', label: 'Learning' },
  { status: 'pass', label: 'Passing' },
  { status: 'none', label: 'Not run yet' },
] as const;

function Guide() {
  return (
    <section className="card">
      <h2>Where things are</h2>
      <dl className="guide">
        <dt>
          <Link to="/sources">Sources</Link>
        </dt>
        <dd>The databases and lakes Vigil reads: DuckDB, PostgreSQL, MySQL and more.</dd>
        <dt>
          <Link to="/monitors">Monitors</Link>
        </dt>
        <dd>What is checked on which table, how often, and each check's history with its expected band.</dd>
        <dt>
          <Link to="/alerts">Alerts</Link>
        </dt>
        <dd>What is firing now, grouped by monitor: acknowledge, resolve or silence it.</dd>
        <dt>
          <Link to="/incidents">Incidents</Link>
        </dt>
        <dd>Declare one, run it with roles, a timeline and stakeholder updates, then resolve it.</dd>
        <dt>
          <Link to="/catalog">Catalog</Link>
        </dt>
        <dd>Every table, job and dashboard with its owner, monitors, charts and lineage graph.</dd>
        <dt>
          <Link to="/pipelines">Pipelines</Link>
        </dt>
        <dd>Runs by job, failures, durations and when runs start.</dd>
        <dt>
          <Link to="/settings/channels">Settings</Link>
        </dt>
        <dd>Channels, silences and routing for notifications; API tokens, the audit log and the trash.</dd>
        <dt>API</dt>
        <dd>
          Everything here is in the HTTP API: <a href="/api/v1/openapi.json">OpenAPI document</a>.
        </dd>
      </dl>
    </section>
  );
}

function NextStep({ data }: { data: OverviewData }) {
  if (data.sources.length === 0) {
    return (
      <EmptyState title="Start by adding a source">
        <p>A source is a database Vigil can query. Add one, then add a monitor on one of its tables.</p>
        <Link className="btn btn-primary" to="/sources?new=1">
          Add a source
        </Link>
      </EmptyState>
    );
  }
  if (data.monitors.length === 0) {
    return (
      <EmptyState title="Now add a monitor">
        <p>
          You have {data.sources.length} source{data.sources.length === 1 ? '' : 's'}. A monitor checks one
          table on a schedule: freshness, volume, schema, column health, a SQL rule or a threshold.
        </p>
        <Link className="btn btn-primary" to="/monitors/new">
          Add a monitor
        </Link>
      </EmptyState>
    );
  }
  return null;
}

export default function OverviewPage() {
  const { api } = useSession();
  const load = useLoad(async (): Promise<OverviewData> => {
    const firingLoad = api.listAlerts({ status: 'firing', limit: 500 }).catch(() => null);
    const [withStatus, sources, recent, firing, dead, respond] = await Promise.all([
      loadMonitorsWithStatus(api),
      api.listSources(),
      api.listChecks({ limit: 10 }),
      firingLoad,
      api.listOutbox({ status: 'dead', limit: 500 }).catch(() => null),
      loadRespondOverview(
        api,
        firingLoad.then((f) => f?.items ?? null),
      ),
    ]);
    return {
      ...withStatus,
      sources: sources.items,
      recent: recent.items,
      firing: firing?.items ?? null,
      deadLetters: dead ? dead.items.length : null,
      respond,
    };
  }, [api]);

  return (
    <div className="page">
      <header className="page-head">
        <h1>Overview</h1>
        <button type="button" className="btn" onClick={load.reload} disabled={load.loading}>
          Refresh
        </button>
      </header>
      <Loaded load={load} what="the overview">
        {(data) => {
          const count = (s: string) =>
            s === 'none'
              ? data.monitors.filter((m) => !data.status.has(m.id)).length
              : data.monitors.filter((m) => data.status.get(m.id) === s).length;
          const names = new Map(data.monitors.map((m) => [m.id, m.name]));
          const failing = data.monitors.filter((m) =>
            ['fail', 'error'].includes(data.status.get(m.id) ?? ''),
          );
          return (
            <>
              <NextStep data={data} />
              <IncidentCards data={data.respond} />
              <section aria-label="Monitors by last status" className="stat-row">
                {CARDS.map((c) => (
                  <Link
                    key={c.status}
                    to={c.status === 'none' ? '/monitors' : `/monitors?status=${c.status}`}
                    className={`stat stat-${c.status}`}
                  >
                    <span className="stat-value">{count(c.status)}</span>
                    <span className="stat-label">{c.label}</span>
                  </Link>
                ))}
              </section>
              <AlertCards data={data} />
              <div className="two-col">
                <OpenIncidents data={data.respond} />
                <SloBudgets data={data.respond} />
              </div>
              <div className="two-col">
                <section className="card">
                  <h2>Failing monitors</h2>
                  {failing.length === 0 ? (
                    <p className="muted">
                      {data.monitors.length
                        ? 'None: every monitor that ran is passing or learning.'
                        : 'No monitors yet.'}
                    </p>
                  ) : (
                    <ul className="plain-list">
                      {failing.map((m) => (
                        <li key={m.id}>
                          <StatusBadge status={data.status.get(m.id)} />{' '}
                          <Link to={`/monitors/${m.id}`}>{m.name}</Link>{' '}
                          <span className="muted">{m.asset}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
                <Guide />
              </div>
              <section className="card">
                <h2>Recent check results</h2>
                {data.recent.length === 0 ? (
                  <p className="muted">
                    No checks have run yet. A new monitor runs at once, or press "Run now" on it.
                  </p>
                ) : (
                  <table className="table">
                    <thead>
                      <tr>
                        <th>Time</th>
                        <th>Monitor</th>
                        <th>Status</th>
                        <th className="num">Value</th>
                        <th>Expected</th>
                        <th>Message</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.recent.map((c) => (
                        <tr key={c.id}>
                          <td>
                            <Time iso={c.at} />
                          </td>
                          <td>
                            <Link to={`/monitors/${c.monitorId}`}>
                              {names.get(c.monitorId) ?? c.monitorId}
                            </Link>
                          </td>
                          <td>
                            <StatusBadge status={c.status} />
                          </td>
                          <td className="num">{fmtNumber(c.observed)}</td>
                          <td>{fmtBand(c.expected)}</td>
                          <td className="message">{c.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
