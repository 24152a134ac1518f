import { AppError, notFound } from '../../domain/errors.js';
import {
  earlier,
  type INCIDENT_TIMES,
  type IncidentDurations,
  type IncidentTimes,
  incidentDurations,
  isOpenStatus,
  timeOrderProblem,
} from '../../domain/incident.js';
import type { Executor } from '../../store/executor.js';
import { json } from '../../store/executor.js';
import type { IncidentEventRow, IncidentRow } from '../../store/schema-incidents.js';

/** Reads and writes shared by the incident use cases; all run in the caller's transaction. */

export async function findIncident(db: Executor, id: string, lock = false): Promise<IncidentRow> {
  let q = db.selectFrom('incidents').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('incident', id);
  return row;
}

export async function addEvent(
  db: Executor,
  e: {
    incidentId: string;
    at: Date;
    kind: string;
    actor: string;
    message: string;
    data?: Record<string, unknown>;
  },
): Promise<number> {
  const row = await db
    .insertInto('incident_events')
    .values({
      incident_id: e.incidentId,
      at: e.at,
      kind: e.kind,
      actor: e.actor,
      message: e.message,
      data: e.data ? json(e.data) : null,
      pinned: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export function timesOf(r: IncidentRow): IncidentTimes {
  return {
    startedAt: r.started_at,
    detectedAt: r.detected_at,
    acknowledgedAt: r.acknowledged_at,
    mitigatedAt: r.mitigated_at,
    resolvedAt: r.resolved_at,
  };
}

export const timeColumns = (t: IncidentTimes) => ({
  started_at: t.startedAt ?? new Date(0),
  detected_at: t.detectedAt ?? t.startedAt ?? new Date(0),
  acknowledged_at: t.acknowledgedAt,
  mitigated_at: t.mitigatedAt,
  resolved_at: t.resolvedAt,
});

/** Refuses times out of order with VALIDATION_FAILED naming the field that breaks it. */
export function assertTimeOrder(t: IncidentTimes): void {
  const p = timeOrderProblem(t);
  if (p)
    throw new AppError('VALIDATION_FAILED', `${p.field} cannot be before ${p.before}`, [
      { path: p.field, message: `must not be before ${p.before} (${t[p.before]?.toISOString()})` },
    ]);
}

/**
 * When Vigil first saw the alert's current episode: its latest `fired` / `refired` event. The
 * alert's `started_at` is when the problem began, which the evidence may put earlier.
 */
export async function alertDetectedAt(db: Executor, alert: { id: string; started_at: Date }): Promise<Date> {
  const row = await db
    .selectFrom('alert_events')
    .select('at')
    .where('alert_id', '=', alert.id)
    .where('kind', 'in', ['fired', 'refired'])
    .orderBy('at', 'desc')
    .executeTakeFirst();
  return row && row.at >= alert.started_at ? row.at : alert.started_at;
}

/** Links an alert to an incident once; the timeline records the link. Returns false if it was there. */
export async function linkAlert(
  db: Executor,
  incident: IncidentRow,
  alert: { id: string; title: string; severity: string; started_at: Date },
  at: Date,
  actor: string,
): Promise<boolean> {
  const inserted = await db
    .insertInto('incident_alerts')
    .values({ incident_id: incident.id, alert_id: alert.id, linked_at: at, linked_by: actor })
    .onConflict((oc) => oc.doNothing())
    .returning('alert_id')
    .executeTakeFirst();
  if (!inserted) return false;
  await addEvent(db, {
    incidentId: incident.id,
    at,
    kind: 'alert_linked',
    actor,
    message: `alert "${alert.title}" (${alert.severity}) linked`,
    data: { alertId: alert.id },
  });
  // The first alert seen marks detection; a problem that started before it moves the start back.
  const started = earlier(alert.started_at, incident.started_at);
  const detected = earlier(await alertDetectedAt(db, alert), incident.detected_at);
  if (
    started.getTime() !== incident.started_at.getTime() ||
    detected.getTime() !== incident.detected_at.getTime()
  ) {
    await db
      .updateTable('incidents')
      .set({ started_at: started, detected_at: detected, updated_at: at })
      .where('id', '=', incident.id)
      .execute();
  }
  return true;
}

/** Open incidents that list the asset among those affected. */
export async function openIncidentsForAsset(db: Executor, asset: string): Promise<IncidentRow[]> {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('status', 'in', ['triage', 'investigating', 'identified', 'monitoring'])
    .where((eb) => eb('affected_assets', '@>', eb.val(json([asset])).$castTo<string[]>()))
    .orderBy('created_at', 'asc')
    .execute();
}

export interface IncidentView {
  id: string;
  title: string;
  summary: string;
  severity: string;
  status: string;
  type: string;
  open: boolean;
  affectedAssets: string[];
  declaredBy: string;
  declaredVia: string;
  roles: {
    commander: string | null;
    communicationsLead: string | null;
    scribe: string | null;
    responders: string[];
  };
  times: Record<(typeof INCIDENT_TIMES)[number], string | null> & { closedAt: string | null };
  durations: IncidentDurations;
  alertIds: string[];
  /** In a cascade: the most upstream failing asset and its consequences (one incident's view only). */
  rootCause?: {
    asset: string;
    alertId: string;
    consequences: Array<{ asset: string; alertId: string }>;
  } | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toIncidentView(r: IncidentRow, alertIds: string[]): IncidentView {
  const t = timesOf(r);
  return {
    id: r.id,
    title: r.title,
    summary: r.summary,
    severity: r.severity,
    status: r.status,
    type: r.type,
    open: isOpenStatus(r.status),
    affectedAssets: r.affected_assets,
    declaredBy: r.declared_by,
    declaredVia: r.declared_via,
    roles: {
      commander: r.commander,
      communicationsLead: r.communications_lead,
      scribe: r.scribe,
      responders: r.responders,
    },
    times: {
      startedAt: iso(t.startedAt),
      detectedAt: iso(t.detectedAt),
      acknowledgedAt: iso(t.acknowledgedAt),
      mitigatedAt: iso(t.mitigatedAt),
      resolvedAt: iso(t.resolvedAt),
      closedAt: iso(r.closed_at),
    },
    durations: incidentDurations(t),
    alertIds,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function incidentView(db: Executor, id: string): Promise<IncidentView> {
  const row = await findIncident(db, id);
  const alerts = await db
    .selectFrom('incident_alerts')
    .select('alert_id')
    .where('incident_id', '=', id)
    .orderBy('linked_at')
    .execute();
  const cause = await db
    .selectFrom('incident_events')
    .select('data')
    .where('incident_id', '=', id)
    .where('kind', '=', 'root_cause')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return {
    ...toIncidentView(
      row,
      alerts.map((a) => a.alert_id),
    ),
    rootCause: (cause?.data as IncidentView['rootCause'] | undefined) ?? null,
  };
}

export interface TimelineEventView {
  id: number;
  at: string;
  kind: string;
  actor: string;
  message: string;
  data: Record<string, unknown> | null;
  pinned: boolean;
}

export const toEventView = (e: IncidentEventRow): TimelineEventView => ({
  id: Number(e.id),
  at: e.at.toISOString(),
  kind: e.kind,
  actor: e.actor,
  message: e.message,
  data: e.data,
  pinned: e.pinned,
});
