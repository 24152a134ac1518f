import { postmortemApi } from '../api/postmortems.js';
import { useApi } from '../api/session.js';
import type { BlastAsset } from '../api/types-postmortem.js';
import type { Incident } from '../api/types-respond.js';
import type { Alert } from '../api/types.js';
import { Loaded } from '../components/loaded.js';
import { SeverityBadge } from '../components/severity-badge.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link } from '../router.js';

const assetLink = (a: BlastAsset) => (
  <li key={a.name}>
    <span className="muted small">depth {a.depth}</span>{' '}
    <Link to={`/catalog/${encodeURIComponent(a.name)}`}>{a.name}</Link>{' '}
    <span className="muted small">
      {a.type ?? ''} {a.owner ? `· ${a.owner}` : ''}
    </span>
  </li>
);

/** Candidate causes near the start (schema, volume, deploys, runs), ranked by the API. */
function WhatChangedCard({ id }: { id: string }) {
  const api = useApi();
  const load = useLoad(() => postmortemApi(api).whatChanged(id), [api, id]);
  return (
    <section className="card" aria-labelledby="changed-h">
      <h2 id="changed-h">What changed</h2>
      <Loaded load={load} what="recent changes">
        {(w) =>
          w.items.length === 0 ? (
            <p className="muted">
              No schema, volume, code or pipeline change found on the {w.assetsConsidered} assets considered
              between <Time iso={w.from} short /> and <Time iso={w.to} short />.
            </p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>When</th>
                  <th>What</th>
                  <th>Asset</th>
                  <th>Why it may matter</th>
                </tr>
              </thead>
              <tbody>
                {w.items.slice(0, 15).map((c) => (
                  <tr key={`${c.kind}|${c.asset}|${c.at}|${c.detail}`}>
                    <td>
                      <Time iso={c.at} short />
                    </td>
                    <td>
                      <span className="badge">{c.kind}</span> {c.detail}
                    </td>
                    <td className="small">{c.asset}</td>
                    <td className="small">{c.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}

/** Linked alerts, and the blast radius: what sits downstream, which dashboards read it, who owns it. */
export function IncidentContext({ incident }: { incident: Incident }) {
  const api = useApi();
  const alerts = useLoad(
    () =>
      Promise.all(incident.alertIds.slice(0, 50).map((id) => api.getAlert(id).catch(() => null))).then(
        (list) => list.filter((a): a is NonNullable<typeof a> => a !== null) as Alert[],
      ),
    [api, incident.alertIds.join(',')],
  );
  const blast = useLoad(
    () => postmortemApi(api).blastRadius(incident.id),
    [api, incident.id, incident.affectedAssets.join(',')],
  );

  return (
    <>
      <div className="two-col">
        <section className="card" aria-labelledby="alerts-h">
          <h2 id="alerts-h">Linked alerts</h2>
          <Loaded load={alerts} what="alerts">
            {(list) =>
              list.length === 0 ? (
                <p className="muted">
                  No alerts linked. From an alert's page, "Add to incident" links it here.
                </p>
              ) : (
                <ul className="plain-list">
                  {list.map((a) => (
                    <li key={a.id}>
                      <SeverityBadge severity={a.severity} /> <Link to={`/alerts/${a.id}`}>{a.title}</Link>{' '}
                      <span className="muted small">{a.status}</span>
                    </li>
                  ))}
                </ul>
              )
            }
          </Loaded>
        </section>
        <section className="card" aria-labelledby="blast-h">
          <h2 id="blast-h">Blast radius</h2>
          {incident.affectedAssets.length === 0 ? (
            <p className="muted">Name the affected assets to see what sits downstream.</p>
          ) : (
            <Loaded load={blast} what="the blast radius">
              {(b) =>
                !b.lineageKnown || b.downstream.length === 0 ? (
                  <p className="muted">
                    {b.lineageKnown
                      ? 'Nothing downstream of the affected assets.'
                      : 'No lineage is known for the affected assets: send OpenLineage events or import dbt.'}
                  </p>
                ) : (
                  <>
                    <p>
                      {b.downstream.length} downstream asset{b.downstream.length === 1 ? '' : 's'}
                      {b.dashboards.length > 0 &&
                        `, ${b.dashboards.length} dashboard${b.dashboards.length === 1 ? '' : 's'}`}
                      ; owners to tell: <strong>{b.owners.join(', ') || 'none recorded'}</strong>
                    </p>
                    <ul className="plain-list">{b.downstream.slice(0, 30).map(assetLink)}</ul>
                    {b.dashboards.length > 0 && (
                      <>
                        <h3>Dashboards</h3>
                        <ul className="plain-list">{b.dashboards.map(assetLink)}</ul>
                      </>
                    )}
                  </>
                )
              }
            </Loaded>
          )}
        </section>
      </div>
      <WhatChangedCard id={incident.id} />
    </>
  );
}
