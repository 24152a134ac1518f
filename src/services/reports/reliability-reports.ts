import {
  dataDowntime,
  type DowntimeRow,
  incidentsByType,
  type ReportDimension,
  type ReportIncident,
  type ResponseTimeRow,
  responseTimes,
} from '../../domain/reliability-report.js';
import { earlier } from '../../domain/incident.js';
import type { Executor } from '../../store/executor.js';
import type { ServiceContext } from '../context.js';
import { timesOf } from '../incidents/incident-records.js';

export interface ReportPeriod {
  from: Date;
  to: Date;
}

/**
 * The incidents that started in [from, to), with the teams that own their assets: the catalog's
 * owner of an asset, or else the owner set on a monitor that watches it.
 */
export async function loadReportIncidents(db: Executor, period: ReportPeriod): Promise<ReportIncident[]> {
  const rows = await db
    .selectFrom('incidents')
    .selectAll()
    .where('started_at', '>=', period.from)
    .where('started_at', '<', period.to)
    .orderBy('started_at')
    .execute();
  const names = [...new Set(rows.flatMap((r) => r.affected_assets))];
  const owner = new Map<string, string>();
  if (names.length) {
    const monitors = await db
      .selectFrom('monitors')
      .select(['asset', 'owner'])
      .where('asset', 'in', names)
      .where('owner', 'is not', null)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .execute();
    for (const m of monitors) if (m.owner && !owner.has(m.asset)) owner.set(m.asset, m.owner);
    const assets = await db
      .selectFrom('assets')
      .select(['name', 'owner'])
      .where('name', 'in', names)
      .where('owner', 'is not', null)
      .where('deleted_at', 'is', null)
      .execute();
    for (const a of assets) if (a.owner) owner.set(a.name, a.owner);
  }
  return rows.map((r) => ({
    id: r.id,
    severity: r.severity,
    type: r.type,
    assets: r.affected_assets,
    teams: [...new Set(r.affected_assets.map((a) => owner.get(a)).filter((o): o is string => !!o))],
    times: timesOf(r),
  }));
}

export interface Report<T> {
  from: string;
  to: string;
  incidents: number;
  rows: T[];
}

const frame = <T>(period: ReportPeriod, incidents: ReportIncident[], rows: T[]): Report<T> => ({
  from: period.from.toISOString(),
  to: period.to.toISOString(),
  incidents: incidents.length,
  rows,
});

/** MTTD, MTTA and MTTR over the period, grouped by severity, team or asset. */
export async function reportResponseTimes({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ReportPeriod & { by: ReportDimension };
}): Promise<Report<ResponseTimeRow>> {
  const incidents = await loadReportIncidents(ctx.store.db, input);
  return frame(input, incidents, responseTimes(incidents, input.by));
}

/** Data downtime per asset; incidents still open count until the end of the period or now. */
export async function reportDataDowntime({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ReportPeriod;
}): Promise<Report<DowntimeRow>> {
  const incidents = await loadReportIncidents(ctx.store.db, input);
  const now = ctx.clock.now();
  const asOf = earlier(input.to, now);
  return frame(input, incidents, dataDowntime(incidents, asOf));
}

export async function reportIncidentsByType({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ReportPeriod;
}): Promise<Report<{ type: string; incidents: number }>> {
  const incidents = await loadReportIncidents(ctx.store.db, input);
  return frame(input, incidents, incidentsByType(incidents));
}
