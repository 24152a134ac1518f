import { sql } from 'kysely';
import { CORRELATION_MAX_HOPS, CORRELATION_WINDOW_MS } from '../../domain/incident-response.js';
import { walkDownstream, walkUpstream } from '../../domain/lineage-graph.js';
import { formatGap } from '../../domain/what-changed.js';
import type { Executor } from '../../store/executor.js';
import type { AlertRow } from '../../store/schema.js';
import { loadLineageGraph } from '../catalog/catalog-queries.js';

export interface Correlation {
  incidentId: string;
  /** The asset of the incident's alert this one is linked to. */
  relatedAsset: string;
  relatedAlertId: string;
  direction: 'upstream' | 'downstream';
  hops: number;
  path: string[];
  /** Seconds between the two alerts' starts. */
  gapSeconds: number;
  reason: string;
}

/**
 * The open incident an alert belongs with by lineage: one of its alerts started within the
 * correlation window of this one, on an asset upstream or downstream of this alert's asset.
 * The nearest in lineage wins, then the nearest in time. Null when none, without loading the
 * lineage graph unless some open incident has an alert in the window.
 */
export async function correlatedIncident(
  db: Executor,
  alert: AlertRow,
  windowMs = CORRELATION_WINDOW_MS,
  maxHops = CORRELATION_MAX_HOPS,
): Promise<Correlation | null> {
  const asset = alert.labels.asset;
  if (!asset || windowMs <= 0) return null;
  const from = new Date(alert.started_at.getTime() - windowMs);
  const to = new Date(alert.started_at.getTime() + windowMs);
  const nearby = await db
    .selectFrom('incident_alerts')
    .innerJoin('incidents', 'incidents.id', 'incident_alerts.incident_id')
    .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
    .select([
      'incidents.id as incidentId',
      'alerts.id as alertId',
      'alerts.started_at as startedAt',
      sql<string>`alerts.labels->>'asset'`.as('asset'),
    ])
    .where('incidents.status', 'in', ['triage', 'investigating', 'identified', 'monitoring'])
    .where('alerts.started_at', '>=', from)
    .where('alerts.started_at', '<=', to)
    .where('alerts.id', '<>', alert.id)
    .orderBy('incidents.created_at')
    .execute();
  const candidates = nearby.filter((n) => n.asset && n.asset !== asset);
  if (candidates.length === 0) return null;
  const graph = await loadLineageGraph(db);
  if (!graph.has(asset)) return null;
  const up = new Map(walkUpstream(graph, asset, { maxDepth: maxHops }).map((n) => [n.id, n] as const));
  const down = new Map(walkDownstream(graph, asset, { maxDepth: maxHops }).map((n) => [n.id, n] as const));
  let best: Correlation | null = null;
  for (const c of candidates) {
    const node = up.get(c.asset) ?? down.get(c.asset);
    if (!node) continue;
    const direction = up.has(c.asset) ? 'upstream' : 'downstream';
    const gapSeconds = Math.round((alert.started_at.getTime() - c.startedAt.getTime()) / 1000);
    if (
      best &&
      (best.hops < node.depth ||
        (best.hops === node.depth && Math.abs(best.gapSeconds) <= Math.abs(gapSeconds)))
    )
      continue;
    const order = gapSeconds >= 0 ? 'earlier' : 'later';
    best = {
      incidentId: c.incidentId,
      relatedAsset: c.asset,
      relatedAlertId: c.alertId,
      direction,
      hops: node.depth,
      path: node.path,
      gapSeconds,
      reason:
        `${asset} is ${node.depth} hop${node.depth === 1 ? '' : 's'} ${direction === 'upstream' ? 'downstream' : 'upstream'} ` +
        `of ${c.asset}, whose alert started ${formatGap(gapSeconds * 1000)} ${order} ` +
        `(within the ${formatGap(windowMs)} correlation window)`,
    };
  }
  return best;
}

/**
 * The open incident holding an alert the same producer sent in the same group (Alertmanager's
 * groupKey), started within the window: one notification of twelve alerts is one cause.
 */
export async function groupedIncident(
  db: Executor,
  alert: AlertRow,
  windowMs: number,
): Promise<{ incidentId: string; relatedAlertId: string; reason: string } | null> {
  const group = alert.annotations.group_key;
  if (!group || windowMs <= 0) return null;
  const from = new Date(alert.started_at.getTime() - windowMs);
  const to = new Date(alert.started_at.getTime() + windowMs);
  const hit = await db
    .selectFrom('incident_alerts')
    .innerJoin('incidents', 'incidents.id', 'incident_alerts.incident_id')
    .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
    .select(['incidents.id as incidentId', 'alerts.id as alertId', 'alerts.title as title'])
    .where('incidents.status', 'in', ['triage', 'investigating', 'identified', 'monitoring'])
    .where(sql<string>`alerts.annotations->>'group_key'`, '=', group)
    .where('alerts.started_at', '>=', from)
    .where('alerts.started_at', '<=', to)
    .where('alerts.id', '<>', alert.id)
    .orderBy('incidents.created_at')
    .executeTakeFirst();
  if (!hit) return null;
  const sender = group.split(':')[0] ?? 'the sender';
  return {
    incidentId: hit.incidentId,
    relatedAlertId: hit.alertId,
    reason: `${sender} sent it in the same group as "${hit.title}" (within the ${formatGap(windowMs)} correlation window)`,
  };
}
