import { sql } from 'kysely';
import { walkUpstream } from '../../domain/lineage-graph.js';
import { type FailingAsset, rootCauseOf } from '../../domain/root-cause.js';
import type { Executor } from '../../store/executor.js';
import { loadLineageGraph } from '../catalog/catalog-queries.js';
import { addEvent, findIncident } from './incident-records.js';

/** How far upstream a cause is looked for: the what-changed walk's reach. */
const ROOT_MAX_HOPS = 10;

export interface RootCauseView {
  asset: string;
  alertId: string;
  consequences: Array<{ asset: string; alertId: string }>;
}

/** The root cause last named on the incident's timeline, or null before any cascade. */
export async function latestRootCause(db: Executor, incidentId: string): Promise<RootCauseView | null> {
  const e = await db
    .selectFrom('incident_events')
    .select('data')
    .where('incident_id', '=', incidentId)
    .where('kind', '=', 'root_cause')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return (e?.data as RootCauseView | null | undefined) ?? null;
}

/**
 * After an alert joins an incident by lineage: the incident is named after its root cause (the
 * most upstream failing asset), not after whichever table happened to fail first, and the
 * timeline says which alerts are its consequences. A title a person chose is kept; only the
 * title policy took from an alert follows the cause.
 */
export async function nameAfterRootCause(
  db: Executor,
  incidentId: string,
  by: { at: Date; actor: string },
): Promise<void> {
  const incident = await findIncident(db, incidentId);
  const rows = await db
    .selectFrom('incident_alerts')
    .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
    .select([
      'alerts.id',
      'alerts.title',
      'alerts.started_at',
      sql<string | null>`alerts.labels->>'asset'`.as('asset'),
    ])
    .where('incident_alerts.incident_id', '=', incidentId)
    .execute();
  const failing: FailingAsset[] = rows
    .filter((r): r is typeof r & { asset: string } => Boolean(r.asset))
    .map((r) => ({ asset: r.asset, alertId: r.id, title: r.title, startedAt: r.started_at }));
  if (new Set(failing.map((f) => f.asset)).size < 2) return;
  const graph = await loadLineageGraph(db);
  const upstream = new Map<string, Set<string>>();
  const upstreamOf = (asset: string) => {
    let found = upstream.get(asset);
    if (!found) {
      found = new Set(
        graph.has(asset) ? walkUpstream(graph, asset, { maxDepth: ROOT_MAX_HOPS }).map((n) => n.id) : [],
      );
      upstream.set(asset, found);
    }
    return found;
  };
  const cause = rootCauseOf(failing, upstreamOf);
  if (!cause || cause.consequences.length === 0) return;
  const previous = await latestRootCause(db, incidentId);
  const view: RootCauseView = {
    asset: cause.root.asset,
    alertId: cause.root.alertId,
    consequences: cause.consequences.map((c) => ({ asset: c.asset, alertId: c.alertId })),
  };
  if (previous && JSON.stringify(previous) === JSON.stringify(view)) return;
  const titleFromAlert = incident.declared_via === 'policy' && rows.some((r) => r.title === incident.title);
  const title = titleFromAlert ? cause.root.title : incident.title;
  if (title !== incident.title)
    await db
      .updateTable('incidents')
      .set({ title, updated_at: by.at })
      .where('id', '=', incidentId)
      .execute();
  const names = [...new Set(cause.consequences.map((c) => c.asset))];
  await addEvent(db, {
    incidentId,
    at: by.at,
    kind: 'root_cause',
    actor: by.actor,
    message:
      `root cause: ${cause.root.asset}, the most upstream failing asset` +
      `${title !== incident.title ? ` (renamed from "${incident.title}")` : ''}; ` +
      `consequences downstream of it: ${names.join(', ')}`,
    data: { ...view },
  });
}
