import { AppError } from '../../domain/errors.js';
import {
  canChangeStatus,
  INCIDENT_TIMES,
  type IncidentSeverity,
  type IncidentStatus,
  type IncidentTimeField,
  type IncidentTimes,
  type IncidentType,
  isOpenStatus,
  timesForStatus,
} from '../../domain/incident.js';
import { json } from '../../store/executor.js';
import type { IncidentRow } from '../../store/schema-incidents.js';
import { mutate, type ServiceContext, type Tx } from '../context.js';
import { tellPagers } from '../alerts/tell-pagers.js';
import { checksStillRed } from './checks-green.js';
import {
  addEvent,
  assertTimeOrder,
  findIncident,
  type IncidentView,
  incidentView,
  timeColumns,
  timesOf,
} from './incident-records.js';

export interface UpdateIncidentInput {
  id: string;
  title?: string | undefined;
  summary?: string | undefined;
  severity?: IncidentSeverity | undefined;
  type?: IncidentType | undefined;
  status?: IncidentStatus | undefined;
  affectedAssets?: string[] | undefined;
  /** null clears a time (except startedAt and detectedAt, which every incident has). */
  times?: Partial<Record<IncidentTimeField, Date | null>> | undefined;
}

/**
 * Applies a change to an incident inside `trx` and records each part on the timeline. Shared by
 * the edit, resolve and stakeholder-update use cases.
 */
export async function applyIncidentChange(
  trx: Tx,
  input: UpdateIncidentInput,
  actor: string,
  now: Date,
  /** From the pager itself (its webhook): it knows already, so it is not told back. */
  opts: { fromPager?: boolean } = {},
): Promise<{ before: IncidentRow; changed: string[] }> {
  const before = await findIncident(trx, input.id, true);
  if (before.status === 'closed') throw new AppError('CONFLICT', `incident ${before.id} is closed`);
  const changed: string[] = [];
  const event = (kind: string, message: string, data: Record<string, unknown>) =>
    addEvent(trx, { incidentId: before.id, at: now, kind, actor, message, data });

  let times: IncidentTimes = timesOf(before);
  for (const f of INCIDENT_TIMES) {
    const given = input.times?.[f];
    if (given === undefined) continue;
    if (given === null && (f === 'startedAt' || f === 'detectedAt'))
      throw new AppError('VALIDATION_FAILED', `${f} cannot be cleared`, [{ path: f, message: 'required' }]);
    if ((given?.getTime() ?? null) === (times[f]?.getTime() ?? null)) continue;
    times = { ...times, [f]: given };
    changed.push(f);
  }
  assertTimeOrder(times);

  let status = before.status as IncidentStatus;
  if (input.status && input.status !== status) {
    if (!canChangeStatus(status, input.status))
      throw new AppError('CONFLICT', `an incident cannot go from ${status} to ${input.status}`);
    times = timesForStatus(times, input.status, now);
    assertTimeOrder(times);
    await event('status_changed', `status ${status} → ${input.status}`, { from: status, to: input.status });
    status = input.status;
    changed.push('status');
  }
  if (input.severity && input.severity !== before.severity) {
    await event('severity_changed', `severity ${before.severity} → ${input.severity}`, {
      from: before.severity,
      to: input.severity,
    });
    changed.push('severity');
  }
  for (const f of ['title', 'summary', 'type'] as const) {
    const v = input[f];
    if (v !== undefined && v !== before[f]) {
      await event('field_changed', `${f} changed`, { field: f, from: before[f], to: v });
      changed.push(f);
    }
  }
  const assets = input.affectedAssets ? [...new Set(input.affectedAssets)] : before.affected_assets;
  if (input.affectedAssets && JSON.stringify(assets) !== JSON.stringify(before.affected_assets)) {
    await event('field_changed', `affected assets: ${assets.join(', ') || 'none'}`, {
      field: 'affectedAssets',
      from: before.affected_assets,
      to: assets,
    });
    changed.push('affectedAssets');
  }
  const timeChanges = changed.filter((c) => (INCIDENT_TIMES as readonly string[]).includes(c));
  if (timeChanges.length)
    await event('times_changed', `times set: ${timeChanges.join(', ')}`, {
      times: Object.fromEntries(
        timeChanges.map((f) => [f, times[f as IncidentTimeField]?.toISOString() ?? null]),
      ),
    });
  if (changed.length === 0) return { before, changed };
  await trx
    .updateTable('incidents')
    .set({
      title: input.title ?? before.title,
      summary: input.summary ?? before.summary,
      severity: input.severity ?? before.severity,
      type: input.type ?? before.type,
      status,
      affected_assets: json(assets),
      ...timeColumns(times),
      closed_at: status === 'closed' ? now : null,
      updated_at: now,
    })
    .where('id', '=', before.id)
    .execute();
  if (!opts.fromPager)
    await tellPagersOfChange(trx, before, { status, acknowledgedAt: times.acknowledgedAt }, { actor, now });
  return { before, changed };
}

/**
 * An incident acknowledged or resolved in Vigil is acknowledged or resolved on the pagers too:
 * its own page and the pages of its alerts' groups, so PagerDuty stops escalating.
 */
async function tellPagersOfChange(
  trx: Tx,
  before: IncidentRow,
  after: { status: string; acknowledgedAt: Date | null },
  by: { actor: string; now: Date },
): Promise<void> {
  const resolved = isOpenStatus(before.status) && !isOpenStatus(after.status);
  const acknowledged = !before.acknowledged_at && after.acknowledgedAt !== null;
  if (!resolved && !acknowledged) return;
  const alerts = await trx
    .selectFrom('incident_alerts')
    .select('alert_id')
    .where('incident_id', '=', before.id)
    .execute();
  await tellPagers(trx, {
    action: resolved ? 'resolve' : 'acknowledge',
    alertIds: alerts.map((a) => a.alert_id),
    incidentId: before.id,
    reason: `${before.title}: ${resolved ? 'resolved' : 'acknowledged'} in Vigil by ${by.actor}`,
    now: by.now,
  });
}

/** Edits an incident: fields, status and times, each recorded on the timeline. */
export async function updateIncident({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: UpdateIncidentInput;
}): Promise<IncidentView> {
  return mutate(ctx, async (trx) => {
    const { before, changed } = await applyIncidentChange(trx, input, ctx.actor.name, ctx.clock.now());
    return {
      result: await incidentView(trx, before.id),
      audit: {
        action: 'incident.update',
        targetType: 'incident',
        targetId: before.id,
        summary: `changed ${changed.join(', ') || 'nothing'} on "${before.title}"`,
        before: { status: before.status, severity: before.severity },
        after: { ...input, id: undefined },
      },
    };
  });
}

/** Resolves an incident; the resolution time is now unless one is given. */
export async function resolveIncident({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    id: string;
    resolvedAt?: Date | undefined;
    summary?: string | undefined;
    /** Resolve even though checks are not green again; the timeline says so. */
    force?: boolean | undefined;
  };
}): Promise<IncidentView> {
  return mutate(ctx, async (trx) => {
    const current = await findIncident(trx, input.id, true);
    if (current.status === 'resolved' || current.status === 'closed')
      throw new AppError('CONFLICT', `incident ${current.id} is ${current.status} already`);
    const red = await checksStillRed(trx, current.id);
    if (red.length && !input.force)
      throw new AppError(
        'CHECKS_NOT_GREEN',
        `incident ${current.id} has ${red.length} check(s) not green again; fix the data and let them run, or resolve with force`,
        red.map((r) => ({ path: `alerts.${r.alertId}`, message: `${r.title}: ${r.problem}` })),
      );
    if (red.length)
      await addEvent(trx, {
        incidentId: current.id,
        at: ctx.clock.now(),
        kind: 'forced',
        actor: ctx.actor.name,
        message: `resolved with ${red.length} check(s) not green: ${red.map((r) => `${r.title} (${r.problem})`).join('; ')}`,
        data: { checks: red.map((r) => ({ ...r })) },
      });
    const { before } = await applyIncidentChange(
      trx,
      {
        id: input.id,
        status: 'resolved',
        summary: input.summary,
        times: input.resolvedAt ? { resolvedAt: input.resolvedAt } : undefined,
      },
      ctx.actor.name,
      ctx.clock.now(),
    );
    return {
      result: await incidentView(trx, before.id),
      audit: {
        action: 'incident.resolve',
        targetType: 'incident',
        targetId: before.id,
        summary: `resolved "${before.title}"${red.length ? ` by force, ${red.length} check(s) not green` : ''}`,
        before: { status: before.status },
        after: { status: 'resolved' },
      },
    };
  });
}
