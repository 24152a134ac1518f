import { ApiError } from '../api/client.js';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import type { Incident, LineageNode } from '../api/types-respond.js';
import type { Alert } from '../api/types.js';
import { Loaded } from '../components/loaded.js';
import { SeverityBadge } from '../components/severity-badge.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link } from '../router.js';

interface Change {
  at?: string;
  kind?: string;
  message?: string;
  summary?: string;
  title?: string;
}

/** What changed before the incident: served by a later version; a missing route shows nothing. */
function WhatChanged({ id }: { id: string }) {
  const api = useApi();
  const load = useLoad(async () => {
    try {
      const res = await api.call<{ items?: Change[]; changes?: Change[] }>('incidentWhatChanged', {
        path: { id },
      });
      return res.items ?? res.changes ?? [];
    } catch (e) {
      if (e instanceof ApiError && e.noRoute) return null;
      throw e;
    }
  }, [api, id]);
  if (load.data === null) return null;
  return (
    <section className="card" aria-labelledby="changed-h">
      <h2 id="changed-h">What changed</h2>
      <Loaded load={load} what="recent changes">
        {(items) =>
          items === null || items.length === 0 ? (
            <p className="muted">No schema, monitor or pipeline changes found near the start.</p>
          ) : (
            <ul className="plain-list">
              {items.map((c) => (
                <li key={`${c.at}-${c.kind}-${c.message ?? c.summary ?? c.title}`}>
                  <Time iso={c.at} short /> {c.kind && <span className="badge">{c.kind}</span>}{' '}
                  {c.message ?? c.summary ?? c.title}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

/** Linked alerts, and the blast radius: every asset downstream of the affected ones, with owners. */
export function IncidentContext({ incident }: { incident: Incident }) {
  const api = useApi();
  const alerts = useLoad(
    () =>
      Promise.all(incident.alertIds.slice(0, 50).map((id) => api.getAlert(id).catch(() => null))).then(
        (list) => list.filter((a): a is NonNullable<typeof a> => a !== null) as Alert[],
      ),
    [api, incident.alertIds.join(',')],
  );
  const blast = useLoad(async () => {
    const r = respondApi(api);
    const found = await Promise.all(
      incident.affectedAssets.slice(0, 20).map((a) => r.assetImpact(a).catch(() => null)),
    );
    const nodes = new Map<string, LineageNode>();
    const owners = new Set<string>();
    for (const f of found) {
      for (const n of f?.assets ?? []) if (!nodes.has(n.name)) nodes.set(n.name, n);
      for (const o of f?.owners ?? []) owners.add(o);
    }
    return { nodes: [...nodes.values()].sort((a, b) => a.depth - b.depth), owners: [...owners] };
  }, [api, incident.affectedAssets.join(',')]);

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
            <p className="muted">Name the affected assets (edit the incident) to see what sits downstream.</p>
          ) : (
            <Loaded load={blast} what="the blast radius">
              {(b) =>
                b.nodes.length === 0 ? (
                  <p className="muted">Nothing downstream of the affected assets is known to the catalog.</p>
                ) : (
                  <>
                    <p>
                      {b.nodes.length} downstream asset{b.nodes.length === 1 ? '' : 's'}; owners to tell:{' '}
                      <strong>{b.owners.join(', ') || 'none recorded'}</strong>
                    </p>
                    <ul className="plain-list">
                      {b.nodes.slice(0, 30).map((n) => (
                        <li key={n.name}>
                          <span className="muted small">depth {n.depth}</span>{' '}
                          <Link to={`/catalog/${encodeURIComponent(n.name)}`}>{n.name}</Link>{' '}
                          <span className="muted small">
                            {n.type ?? ''} {n.owner ? `· ${n.owner}` : ''}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </>
                )
              }
            </Loaded>
          )}
        </section>
      </div>
      <WhatChanged id={incident.id} />
    </>
  );
}
