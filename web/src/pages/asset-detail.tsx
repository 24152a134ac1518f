import { ApiError } from '../api/client.js';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import { HEALTH_TEXT, loadAssetHealth } from '../components/asset-health.js';
import { IncidentSeverity, IncidentStatus } from '../components/incident-badges.js';
import { LineageGraph } from '../components/lineage-graph.js';
import { Loaded } from '../components/loaded.js';
import { SeverityBadge } from '../components/severity-badge.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import type { PageProps } from '../routes.js';
import { Link } from '../router.js';
import { MonitorPanel } from './asset-charts.js';
import { AssetRunbook } from './asset-runbook.js';
import { AssetReportedSection } from './asset-reported.js';
import { AssetUsageSection } from './asset-usage.js';

/** One asset: facts, health, lineage graph, usage, monitors with charts, schema history, incidents. */
export default function AssetDetailPage({ params }: PageProps) {
  const api = useApi();
  const name = params.name ?? '';
  const load = useLoad(async () => {
    const r = respondApi(api);
    const [asset, incidents, up, down, health] = await Promise.all([
      r.getAsset(name),
      r.listIncidents({ asset: name, limit: 100 }).catch(() => ({ items: [] })),
      r.lineage(name, 'upstream', 3).catch(() => null),
      r.lineage(name, 'downstream', 3).catch(() => null),
      loadAssetHealth(api),
    ]);
    return { asset, incidents: incidents.items, up, down, health };
  }, [api, name]);

  if (load.error instanceof ApiError && load.error.status === 404) {
    return (
      <div className="page">
        <h1>Asset not found</h1>
        <p>
          {load.error.message}. Search the <Link to="/catalog">catalog</Link> for it.
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <Link to="/catalog">Catalog</Link> /
      </nav>
      <Loaded load={load} what="the asset">
        {({ asset, incidents, up, down, health }) => {
          const h = health.get(asset.name) ?? 'ok';
          const open = incidents.filter((i) => i.open);
          return (
            <>
              <header className="page-head">
                <h1>{asset.name}</h1>
                <span>
                  <span className={`health-dot health-${h}`} aria-hidden="true" />
                  {HEALTH_TEXT[h]}
                </span>
              </header>
              {asset.description && <p className="lead">{asset.description}</p>}
              <dl className="kv">
                <dt>Type</dt>
                <dd>{asset.type}</dd>
                <dt>Owner</dt>
                <dd>{asset.owner ?? <span className="muted">nobody: an admin can set one (PATCH)</span>}</dd>
                <dt>Domain</dt>
                <dd>{asset.domain ?? '—'}</dd>
                <dt>Tags</dt>
                <dd>{asset.tags.join(', ') || '—'}</dd>
                <dt>From</dt>
                <dd>
                  {asset.origin}{' '}
                  <span className="muted">
                    · updated <Time iso={asset.updatedAt} short />
                  </span>
                </dd>
              </dl>
              <section className="card" aria-labelledby="lineage-h">
                <h2 id="lineage-h">Lineage</h2>
                <LineageGraph focus={asset.name} upstream={up} downstream={down} health={health} />
              </section>
              <section className="card" aria-labelledby="open-h">
                <h2 id="open-h">Open incidents and firing alerts</h2>
                {open.length === 0 && asset.alerts.length === 0 ? (
                  <p className="muted">Nothing open on this asset.</p>
                ) : (
                  <ul className="plain-list">
                    {open.map((i) => (
                      <li key={i.id}>
                        <IncidentSeverity severity={i.severity} />{' '}
                        <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link>{' '}
                        <IncidentStatus status={i.status} />
                      </li>
                    ))}
                    {asset.alerts.map((a) => (
                      <li key={a.id}>
                        <SeverityBadge severity={a.severity} /> <Link to={`/alerts/${a.id}`}>{a.title}</Link>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <AssetRunbook name={asset.name} />
              <AssetUsageSection name={asset.name} />
              <AssetReportedSection name={asset.name} />
              <h2>Monitors</h2>
              {asset.monitors.length === 0 ? (
                <p className="muted">
                  No monitor watches this asset. <Link to="/monitors/new">Add a monitor</Link> for its
                  freshness, volume or schema.
                </p>
              ) : (
                asset.monitors
                  .slice(0, 6)
                  .map((m) => <MonitorPanel key={m.id} monitor={m} incidents={incidents} />)
              )}
              <section className="card" aria-labelledby="cols-h">
                <h2 id="cols-h">Columns</h2>
                {asset.columns.length === 0 ? (
                  <p className="muted">No columns known.</p>
                ) : (
                  <table className="table">
                    <thead>
                      <tr>
                        <th>Name</th>
                        <th>Type</th>
                        <th>PII</th>
                        <th>Description</th>
                      </tr>
                    </thead>
                    <tbody>
                      {asset.columns.map((c) => (
                        <tr key={c.name}>
                          <td className="mono">{c.name}</td>
                          <td>{c.type ?? '—'}</td>
                          <td>{c.pii ?? '—'}</td>
                          <td className="small">{c.description ?? ''}</td>
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
