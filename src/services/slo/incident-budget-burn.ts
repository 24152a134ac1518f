import { notFound } from '../../domain/errors.js';
import { incidentBudgetBurn as burnOf } from '../../domain/slo/incident-burn.js';
import { isResponse, type SliSpec, type SloSpec } from '../../domain/slo/model.js';
import type { ServiceContext } from '../context.js';
import { sloEvents } from './evaluate-slo.js';

export interface IncidentSloBurn {
  slo: string;
  /** Share of the SLO's budget the incident burned (0.25 = a quarter). */
  share: number;
  bad: number;
  allowed: number;
  /** The share at which the SLO asks for a postmortem. */
  postmortemShare: number;
  requiresPostmortem: boolean;
}

export interface IncidentBudgetBurn {
  incidentId: string;
  requiresPostmortem: boolean;
  slos: IncidentSloBurn[];
}

function monitorsOf(sli: SliSpec): string[] {
  if (sli.kind === 'monitor_pass_rate') return sli.monitors;
  if (sli.kind === 'freshness' || sli.kind === 'completeness') return [sli.monitor];
  return [];
}

/**
 * How much of each affected SLO's budget an incident burned, and whether that asks for a
 * postmortem. An SLO is affected when its indicator reads a monitor whose alert is linked to the
 * incident or that watches an affected asset, a pipeline job among the affected assets, or — for
 * response SLOs — incidents of the incident's severity.
 */
export async function incidentBudgetBurn({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { incidentId: string };
}): Promise<IncidentBudgetBurn> {
  const db = ctx.store.db;
  const incident = await db
    .selectFrom('incidents')
    .selectAll()
    .where('id', '=', input.incidentId)
    .executeTakeFirst();
  if (!incident) throw notFound('incident', input.incidentId);
  const assets = new Set(incident.affected_assets);
  const linked = await db
    .selectFrom('incident_alerts')
    .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
    .select('alerts.monitor_id')
    .where('incident_alerts.incident_id', '=', incident.id)
    .execute();
  const monitors = await db
    .selectFrom('monitors')
    .select(['id', 'name', 'asset'])
    .where('deleted_at', 'is', null)
    .execute();
  const linkedIds = new Set(linked.map((l) => l.monitor_id));
  const hit = new Set(
    monitors.filter((m) => linkedIds.has(m.id) || assets.has(m.asset)).flatMap((m) => [m.id, m.name]),
  );
  const affected = (spec: SloSpec) => {
    const sli = spec.indicator;
    if (isResponse(sli)) return (sli as { severities: string[] }).severities.includes(incident.severity);
    if (sli.kind === 'pipeline_success' || sli.kind === 'pipeline_deadline') return assets.has(sli.job);
    return monitorsOf(sli).some((m) => hit.has(m));
  };
  const end = incident.resolved_at ?? ctx.clock.now();
  const slos = await db.selectFrom('slos').selectAll().orderBy('name').execute();
  const out: IncidentSloBurn[] = [];
  for (const row of slos) {
    if (!affected(row.spec) || row.spec.indicator.kind === 'prometheus') continue;
    const lookback = Math.max(0, Math.ceil((end.getTime() - incident.started_at.getTime()) / 86_400_000));
    const events = await sloEvents(db, row.spec, end, lookback > 0 ? 1 : 0);
    const burn = burnOf(row.spec, events, incident.started_at.getTime(), end.getTime());
    const share = Math.round(burn.share * 1e6) / 1e6;
    out.push({
      slo: row.name,
      share,
      bad: burn.bad,
      allowed: burn.allowed,
      postmortemShare: row.spec.budgetPolicy.postmortemShare,
      requiresPostmortem: share >= row.spec.budgetPolicy.postmortemShare,
    });
  }
  return { incidentId: incident.id, requiresPostmortem: out.some((s) => s.requiresPostmortem), slos: out };
}
