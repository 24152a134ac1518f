import { AppError } from '../../domain/errors.js';
import { walkDownstream } from '../../domain/lineage-graph.js';
import { draftSections, type PostmortemFacts } from '../../domain/postmortem-draft.js';
import type { Executor } from '../../store/executor.js';
import { json } from '../../store/executor.js';
import type { IncidentRow } from '../../store/schema-incidents.js';
import { loadLineageGraph } from '../catalog/catalog-queries.js';
import { mutate, type ServiceContext } from '../context.js';
import { addEvent, findIncident, timesOf } from '../incidents/incident-records.js';
import { latestRootCause } from '../incidents/root-cause.js';
import { itemsOf, loadTemplate, type PostmortemView, toPostmortemView } from './postmortem-records.js';

async function downstreamOf(db: Executor, assets: string[]): Promise<PostmortemFacts['downstream']> {
  if (assets.length === 0) return [];
  const graph = await loadLineageGraph(db);
  const names = walkDownstream(
    graph,
    assets.filter((a) => graph.has(a)),
  )
    .map((n) => n.id)
    .filter((n) => !assets.includes(n));
  if (names.length === 0) return [];
  const owners = await db
    .selectFrom('assets')
    .select(['name', 'owner'])
    .where('name', 'in', names)
    .where('deleted_at', 'is', null)
    .execute();
  const ownerOf = new Map(owners.map((o) => [o.name, o.owner]));
  return names.map((name) => ({ name, owner: ownerOf.get(name) ?? null }));
}

/** What responders recorded about the data itself: rows, consumers, the bad-data window. */
async function recordedImpact(db: Executor, incidentId: string): Promise<PostmortemFacts['impact']> {
  const r = await db
    .selectFrom('incident_impact')
    .select(['rows_affected', 'consumers', 'bad_data_from', 'bad_data_to'])
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    rowsAffected: r.rows_affected === null ? null : Number(r.rows_affected),
    consumers: r.consumers,
    badDataFrom: r.bad_data_from,
    badDataTo: r.bad_data_to,
  };
}

/** Everything the draft is written from, read in the caller's transaction. */
export async function gatherFacts(db: Executor, incident: IncidentRow): Promise<PostmortemFacts> {
  const events = await db
    .selectFrom('incident_events')
    .select(['at', 'kind', 'actor', 'message', 'pinned'])
    .where('incident_id', '=', incident.id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const alerts = await db
    .selectFrom('incident_alerts as l')
    .innerJoin('alerts as a', 'a.id', 'l.alert_id')
    .leftJoin('monitors as m', 'm.id', 'a.monitor_id')
    .select(['a.id', 'a.title', 'a.origin', 'a.severity', 'a.started_at', 'a.labels', 'm.name as monitor'])
    .where('l.incident_id', '=', incident.id)
    .orderBy('a.started_at')
    .execute();
  const cause = await latestRootCause(db, incident.id);
  return {
    incident: {
      id: incident.id,
      title: incident.title,
      summary: incident.summary,
      severity: incident.severity,
      type: incident.type,
      status: incident.status,
      declaredBy: incident.declared_by,
      declaredVia: incident.declared_via,
      affectedAssets: incident.affected_assets,
      commander: incident.commander,
      communicationsLead: incident.communications_lead,
      scribe: incident.scribe,
      responders: incident.responders,
      times: timesOf(incident),
    },
    events,
    alerts: alerts.map((a) => ({
      id: a.id,
      title: a.title,
      origin: a.origin,
      severity: a.severity,
      startedAt: a.started_at,
      monitor: a.monitor,
      asset: a.labels.asset ?? null,
    })),
    // The cascade's cause, so the draft's first signal is what set it off, not the first table hit.
    rootCause: cause
      ? {
          asset: cause.asset,
          alertId: cause.alertId,
          consequences: [...new Set(cause.consequences.map((c) => c.asset))],
        }
      : null,
    downstream: await downstreamOf(db, incident.affected_assets),
    impact: await recordedImpact(db, incident.id),
  };
}

/**
 * Drafts the postmortem of an incident from its record and timeline, with the current template.
 * One postmortem per incident: a second draft is refused, so edits are never overwritten.
 */
export async function draftPostmortem({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { incidentId: string; title?: string | undefined };
}): Promise<PostmortemView> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const incident = await findIncident(trx, input.incidentId, true);
    const existing = await trx
      .selectFrom('postmortems')
      .select('status')
      .where('incident_id', '=', incident.id)
      .executeTakeFirst();
    if (existing)
      throw new AppError(
        'CONFLICT',
        `incident ${incident.id} already has a postmortem (${existing.status}); edit it with PATCH`,
      );
    const { template } = await loadTemplate(trx);
    const sections = draftSections(template, await gatherFacts(trx, incident));
    const row = await trx
      .insertInto('postmortems')
      .values({
        incident_id: incident.id,
        title: input.title ?? `Postmortem: ${incident.title}`,
        status: 'draft',
        sections: json(sections),
        version: 1,
        drafted_by: ctx.actor.name,
        drafted_at: now,
        updated_at: now,
        published_at: null,
        completed_at: null,
        completed_by: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await addEvent(trx, {
      incidentId: incident.id,
      at: now,
      kind: 'postmortem',
      actor: ctx.actor.name,
      message: 'postmortem drafted',
      data: { status: 'draft' },
    });
    return {
      result: toPostmortemView(row, await itemsOf(trx, incident.id), now),
      audit: {
        action: 'postmortem.draft',
        targetType: 'incident',
        targetId: incident.id,
        summary: `drafted the postmortem of "${incident.title}"`,
      },
    };
  });
}
