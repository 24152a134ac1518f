import { sql } from 'kysely';
import { silencedNow } from '../alerts/silenced-now.js';
import { walkUpstream } from '../../domain/lineage-graph.js';
import type { IncidentRow } from '../../store/schema-incidents.js';
import { loadLineageGraph } from '../catalog/catalog-queries.js';
import { json } from '../../store/executor.js';
import { mutate, type ServiceContext } from '../context.js';
import { openIncidentsForAsset } from './incident-records.js';

const MAX_UPSTREAM_HOPS = 50;

export interface AssetHealth {
  asset: string;
  healthy: boolean;
  reasons: string[];
  /** Whether upstream assets (through lineage) were looked at. */
  upstreamChecked: boolean;
  alerts: Array<{ id: string; title: string; severity: string }>;
  incidents: Array<{ id: string; title: string; severity: string; status: string }>;
}

/**
 * The circuit breaker: an asset is unhealthy while an alert with its `asset` label fires or an
 * open incident lists it. A blocking decision is written on the timeline of each open incident
 * involved, so responders see which pipelines the incident held back.
 */
export async function checkAssetHealth({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { asset: string; upstream?: boolean | undefined; caller?: string | undefined };
}): Promise<AssetHealth> {
  const db = ctx.store.db;
  // With upstream, every asset that feeds this one counts too: bad data upstream flows down.
  const upstream = input.upstream
    ? walkUpstream(await loadLineageGraph(db), input.asset, { maxDepth: MAX_UPSTREAM_HOPS }).map((n) => n.id)
    : [];
  const names = [input.asset, ...upstream];
  const where = (name: string) => (name === input.asset ? '' : `upstream ${name}: `);
  // A silenced alert or one in a maintenance window is expected work, not a reason to stop a run.
  const silenced = await silencedNow(db, ctx.clock.now());
  const alertRows = (
    await db
      .selectFrom('alerts')
      .select(['id', 'title', 'severity', 'labels', sql<string>`labels->>'asset'`.as('asset')])
      .where('status', '=', 'firing')
      .where(sql<string>`labels->>'asset'`, 'in', names)
      .orderBy('started_at')
      .execute()
  ).filter((a) => !silenced(a.labels));
  const seen = new Set<string>();
  const incidentRows: Array<IncidentRow & { on: string }> = [];
  for (const name of names)
    for (const i of await openIncidentsForAsset(db, name))
      if (!seen.has(i.id)) {
        seen.add(i.id);
        incidentRows.push({ ...i, on: name });
      }
  const incidents = incidentRows;
  const alerts = alertRows.map(({ id, title, severity }) => ({ id, title, severity }));
  const reasons = [
    ...incidentRows.map((i) => `${where(i.on)}incident ${i.id} (${i.severity}, ${i.status}): ${i.title}`),
    ...alertRows.map((a) => `${where(a.asset)}alert ${a.id} (${a.severity}) firing: ${a.title}`),
  ];
  const health: AssetHealth = {
    asset: input.asset,
    healthy: reasons.length === 0,
    reasons,
    upstreamChecked: Boolean(input.upstream),
    alerts,
    incidents: incidents.map((i) => ({ id: i.id, title: i.title, severity: i.severity, status: i.status })),
  };
  if (incidents.length === 0) return health;
  const who = input.caller ?? ctx.actor.name;
  await mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    for (const i of incidents) {
      await trx
        .insertInto('incident_events')
        .values({
          incident_id: i.id,
          at: now,
          kind: 'gate',
          actor: who,
          message: `gate blocked ${input.asset} for ${who}`,
          data: json({ asset: input.asset, healthy: false, upstream: Boolean(input.upstream), reasons }),
          pinned: false,
        })
        .execute();
    }
    return {
      result: null,
      audit: incidents.map((i) => ({
        action: 'incident.gate',
        targetType: 'incident',
        targetId: i.id,
        summary: `gate blocked ${input.asset} for ${who}`,
      })),
    };
  });
  return health;
}
