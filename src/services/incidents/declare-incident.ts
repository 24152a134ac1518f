import { AppError, notFound } from '../../domain/errors.js';
import {
  alertOpensIncident,
  type IncidentSeverity,
  type IncidentType,
  incidentTypeForAlert,
  isOpenStatus,
  later,
} from '../../domain/incident.js';
import type { Executor } from '../../store/executor.js';
import { json } from '../../store/executor.js';
import { newId } from '../../store/ids.js';
import type { AlertRow } from '../../store/schema.js';
import type { IncidentRow } from '../../store/schema-incidents.js';
import { mutate, type ServiceContext } from '../context.js';
import {
  addEvent,
  alertDetectedAt,
  assertTimeOrder,
  findIncident,
  type IncidentView,
  incidentView,
  linkAlert,
} from './incident-records.js';

export interface DeclareIncidentInput {
  title: string;
  summary?: string | undefined;
  severity: IncidentSeverity;
  type?: IncidentType | undefined;
  affectedAssets?: string[] | undefined;
  startedAt?: Date | undefined;
  detectedAt?: Date | undefined;
  commander?: string | undefined;
  alertIds?: string[] | undefined;
}

/** Inserts an incident in triage with its "declared" event; used by every way of declaring one. */
export async function openIncident(
  db: Executor,
  input: DeclareIncidentInput,
  by: { actor: string; via: 'api' | 'alert' | 'policy'; now: Date },
): Promise<IncidentRow> {
  const started = input.startedAt ?? input.detectedAt ?? by.now;
  const detected =
    input.detectedAt ?? (input.startedAt && input.startedAt > by.now ? input.startedAt : by.now);
  assertTimeOrder({
    startedAt: started,
    detectedAt: detected,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
  });
  const row: IncidentRow = {
    id: newId('inc', by.now.getTime()),
    title: input.title,
    summary: input.summary ?? '',
    severity: input.severity,
    status: 'triage',
    type: input.type ?? 'other',
    affected_assets: [...new Set(input.affectedAssets ?? [])],
    declared_by: by.actor,
    declared_via: by.via,
    commander: input.commander ?? null,
    communications_lead: null,
    scribe: null,
    responders: [],
    started_at: started,
    detected_at: detected,
    acknowledged_at: input.commander ? later(detected, by.now) : null,
    mitigated_at: null,
    resolved_at: null,
    closed_at: null,
    created_at: by.now,
    updated_at: by.now,
  };
  await db
    .insertInto('incidents')
    .values({ ...row, affected_assets: json(row.affected_assets), responders: json(row.responders) })
    .execute();
  await addEvent(db, {
    incidentId: row.id,
    at: by.now,
    kind: 'declared',
    actor: by.actor,
    message: `declared ${row.severity} "${row.title}" (${by.via})`,
    data: { severity: row.severity, type: row.type, affectedAssets: row.affected_assets },
  });
  if (row.commander)
    await addEvent(db, {
      incidentId: row.id,
      at: by.now,
      kind: 'role_assigned',
      actor: by.actor,
      message: `${row.commander} is commander`,
      data: { role: 'commander', person: row.commander },
    });
  for (const alertId of input.alertIds ?? []) {
    const alert = await db.selectFrom('alerts').selectAll().where('id', '=', alertId).executeTakeFirst();
    if (!alert)
      throw new AppError('VALIDATION_FAILED', `alert ${alertId} not found`, [
        { path: 'alertIds', message: `no alert ${alertId}` },
      ]);
    await linkAlert(db, await findIncident(db, row.id), alert, by.now, by.actor);
  }
  return findIncident(db, row.id);
}

/** A person declares an incident (POST /api/v1/incidents). */
export async function declareIncident({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: DeclareIncidentInput;
}): Promise<IncidentView> {
  return mutate(ctx, async (trx) => {
    const row = await openIncident(trx, input, { actor: ctx.actor.name, via: 'api', now: ctx.clock.now() });
    return {
      result: await incidentView(trx, row.id),
      audit: {
        action: 'incident.declare',
        targetType: 'incident',
        targetId: row.id,
        summary: `declared ${row.severity} "${row.title}"`,
        after: { severity: row.severity, type: row.type, affectedAssets: row.affected_assets },
      },
    };
  });
}

/** The open incident an alert is linked to already, if any. */
async function openIncidentOfAlert(db: Executor, alertId: string): Promise<IncidentRow | undefined> {
  return db
    .selectFrom('incidents')
    .innerJoin('incident_alerts', 'incident_alerts.incident_id', 'incidents.id')
    .selectAll('incidents')
    .where('incident_alerts.alert_id', '=', alertId)
    .where('incidents.status', 'in', ['triage', 'investigating', 'identified', 'monitoring'])
    .orderBy('incidents.created_at', 'desc')
    .executeTakeFirst();
}

/** What an alert declares: its words, its asset, its start and when Vigil detected it. */
export function alertDeclaration(
  alert: AlertRow,
  detectedAt: Date,
  severity?: IncidentSeverity,
): DeclareIncidentInput {
  const asset = alert.labels.asset;
  return {
    title: alert.title,
    summary: alert.summary,
    severity: severity ?? (alertOpensIncident(alert.severity) ? 'SEV2' : 'SEV3'),
    type: incidentTypeForAlert(alert.origin, alert.labels),
    affectedAssets: asset ? [asset] : [],
    startedAt: alert.started_at,
    detectedAt: detectedAt < alert.started_at ? alert.started_at : detectedAt,
  };
}

/**
 * One action from an alert: join the incident named, or the open one the alert is in already,
 * or declare a new incident from the alert's title, asset and kind.
 */
export async function declareFromAlert({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    alertId: string;
    incidentId?: string | undefined;
    severity?: IncidentSeverity | undefined;
    title?: string | undefined;
  };
}): Promise<{ incident: IncidentView; created: boolean }> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const alert = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('id', '=', input.alertId)
      .executeTakeFirst();
    if (!alert) throw notFound('alert', input.alertId);
    let target = input.incidentId
      ? await findIncident(trx, input.incidentId, true)
      : await openIncidentOfAlert(trx, alert.id);
    if (target && !isOpenStatus(target.status))
      throw new AppError(
        'CONFLICT',
        `incident ${target.id} is ${target.status}; reopen it before adding alerts`,
      );
    const created = !target;
    if (!target) {
      const declaration = alertDeclaration(alert, await alertDetectedAt(trx, alert), input.severity);
      target = await openIncident(
        trx,
        { ...declaration, title: input.title ?? declaration.title },
        { actor: ctx.actor.name, via: 'alert', now },
      );
    }
    await linkAlert(trx, target, alert, now, ctx.actor.name);
    const asset = alert.labels.asset;
    if (asset && !target.affected_assets.includes(asset)) {
      await trx
        .updateTable('incidents')
        .set({ affected_assets: json([...target.affected_assets, asset]), updated_at: now })
        .where('id', '=', target.id)
        .execute();
    }
    return {
      result: { incident: await incidentView(trx, target.id), created },
      audit: {
        action: created ? 'incident.declare' : 'incident.link_alert',
        targetType: 'incident',
        targetId: target.id,
        summary: created
          ? `declared "${target.title}" from alert ${alert.id}`
          : `linked alert ${alert.id} to "${target.title}"`,
      },
    };
  });
}
