import { sql } from 'kysely';
import { json } from '../../store/executor.js';
import { mutate, type ServiceContext } from '../context.js';
import { openIncidentsForAsset } from './incident-records.js';

export interface AssetHealth {
  asset: string;
  healthy: boolean;
  reasons: string[];
  /** Whether upstream assets were looked at (lineage is not consulted yet: see docs/incidents.md). */
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
  const alerts = await db
    .selectFrom('alerts')
    .select(['id', 'title', 'severity'])
    .where('status', '=', 'firing')
    .where(sql<string>`labels->>'asset'`, '=', input.asset)
    .orderBy('started_at')
    .execute();
  const incidents = await openIncidentsForAsset(db, input.asset);
  const reasons = [
    ...incidents.map((i) => `incident ${i.id} (${i.severity}, ${i.status}): ${i.title}`),
    ...alerts.map((a) => `alert ${a.id} (${a.severity}) firing: ${a.title}`),
  ];
  const health: AssetHealth = {
    asset: input.asset,
    healthy: reasons.length === 0,
    reasons,
    upstreamChecked: false,
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
