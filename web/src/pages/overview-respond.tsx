import type { VigilApi } from '../api/client.js';
import { respondApi } from '../api/respond.js';
import { INCIDENT_SEVERITIES, type Incident } from '../api/types-respond.js';
import { type Health, healthFrom } from '../components/asset-health.js';
import type { Alert } from '../api/types.js';
import { IncidentSeverity, IncidentStatus } from '../components/incident-badges.js';
import { Time } from '../components/time.js';
import { Link } from '../router.js';
import { type Slo, sloApi } from '../api/slos.js';
import { BudgetBar } from '../components/budget-bar.js';

export interface RespondOverview {
  /** SLOs, or null when the server has none of their routes (or they failed). */
  slos: Slo[] | null;
  /** Open incidents, or null when they could not be read (the rest of the overview still shows). */
  incidents: Incident[] | null;
  /** Catalog size (capped at the page size) and assets by health. */
  assets: { total: number; capped: boolean; health: Map<string, Health> } | null;
}

const PAGE = 500;

/** Open incidents and the catalog's size; health is worked out from the firing alerts the overview has. */
export async function loadRespondOverview(
  api: VigilApi,
  firing: Promise<Alert[] | null>,
): Promise<RespondOverview> {
  const r = respondApi(api);
  const [incidents, assets, alerts, slos] = await Promise.all([
    r.listIncidents({ open: 'true', limit: 500 }).catch(() => null),
    r.listAssets({ limit: PAGE }).catch(() => null),
    firing,
    sloApi(api)
      .list()
      .catch(() => null),
  ]);
  return {
    slos,
    incidents: incidents?.items ?? null,
    assets:
      assets && incidents
        ? {
            total: assets.items.length,
            capped: assets.items.length >= PAGE,
            health: healthFrom(incidents.items, alerts ?? []),
          }
        : null,
  };
}

/** Open incidents by severity, as cards that open the filtered list. */
export function IncidentCards({ data }: { data: RespondOverview }) {
  const count = (sev: string) => data.incidents?.filter((i) => i.severity === sev).length;
  return (
    <section aria-label="Open incidents by severity" className="stat-grid">
      {INCIDENT_SEVERITIES.map((sev) => (
        <Link key={sev} to={`/incidents?severity=${sev}`} className={`stat stat-inc-${sev.toLowerCase()}`}>
          <span className="stat-value">{count(sev) ?? '—'}</span>
          <span className="stat-label">Open {sev}</span>
        </Link>
      ))}
      <Link to="/catalog" className="stat" title="Assets with an open incident or a firing alert">
        <span className="stat-value">
          {data.assets ? [...data.assets.health.values()].filter((h) => h !== 'ok').length : '—'}
        </span>
        <span className="stat-label">
          Unhealthy of {data.assets ? `${data.assets.total}${data.assets.capped ? '+' : ''}` : '—'} assets
        </span>
      </Link>
    </section>
  );
}

export function OpenIncidents({ data }: { data: RespondOverview }) {
  const open = data.incidents ?? [];
  return (
    <section className="card" aria-labelledby="open-incidents-h">
      <h2 id="open-incidents-h">Open incidents</h2>
      {data.incidents === null ? (
        <p className="muted">Incidents could not be read.</p>
      ) : open.length === 0 ? (
        <p className="muted">
          None open. When data goes wrong, <Link to="/incidents?declare=1">declare an incident</Link>; page
          alerts open one by themselves.
        </p>
      ) : (
        <ul className="plain-list">
          {open.slice(0, 8).map((i) => (
            <li key={i.id}>
              <IncidentSeverity severity={i.severity} />{' '}
              <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link>{' '}
              <IncidentStatus status={i.status} />{' '}
              <span className="muted small">
                since <Time iso={i.times.startedAt ?? i.createdAt} short />
              </span>
            </li>
          ))}
          {open.length > 8 && (
            <li>
              <Link to="/incidents">All {open.length} open incidents</Link>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

/** The SLOs with the least budget left; hidden on a server without SLOs. */
export function SloBudgets({ data }: { data: RespondOverview }) {
  if (data.slos === null) return null;
  const worst = [...data.slos]
    .sort((a, b) => (a.lastEvaluation?.budgetLeft ?? 2) - (b.lastEvaluation?.budgetLeft ?? 2))
    .slice(0, 6);
  return (
    <section className="card" aria-labelledby="slo-budgets-h">
      <h2 id="slo-budgets-h">SLO budgets</h2>
      {worst.length === 0 ? (
        <p className="muted">
          No SLOs yet: set targets on freshness, checks or response times (see <Link to="/slos">SLOs</Link>).
        </p>
      ) : (
        <ul className="plain-list">
          {worst.map((s) => (
            <li key={s.id}>
              <Link to={`/slos/${encodeURIComponent(s.name)}`}>{s.displayName ?? s.name}</Link>{' '}
              <BudgetBar left={s.lastEvaluation?.budgetLeft} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
