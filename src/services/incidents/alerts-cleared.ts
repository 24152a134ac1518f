import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../domain/roles.js';
import { insertAudit } from '../../store/repositories/audit-log.js';
import type { IncidentRow } from '../../store/schema-incidents.js';
import type { ServiceContext, Tx } from '../context.js';
import { checksStillRed } from './checks-green.js';
import { enqueueIncidentMessage, incidentChannels } from './incident-outbox.js';
import { loadIncidentPolicy } from './incident-policy-settings.js';
import { addEvent } from './incident-records.js';
import { applyIncidentChange } from './update-incident.js';

const ALL_CLEAR_ACTOR = 'policy:all-clear';
/** The `incident_reminders` kind that makes the all-clear happen once per incident. */
const ALL_CLEAR = 'all-clear';

export interface AllClear {
  incidentId: string;
  /** Asked: the commander (or the room) was asked to resolve; resolved: policy resolved it. */
  outcome: 'asked' | 'resolved';
}

const OPEN = ['triage', 'investigating', 'identified', 'monitoring'] as const;

/**
 * The all-clear: an open incident whose every alert has resolved is either resolved by policy
 * (`resolveWhenAlertsClear`, off by default, and only when its checks are green again) or its
 * commander — the incident's room when nobody holds command — is told and asked to resolve it,
 * at ticket severity: good news never pages anyone. Each incident gets this once, even with
 * several workers (the `incident_reminders` key), and an alert firing again in between resets
 * nothing: whoever was asked has been asked.
 */
export async function settleClearedIncidents({ ctx }: { ctx: ServiceContext }): Promise<AllClear[]> {
  const candidates = await ctx.store.db
    .selectFrom('incidents')
    .select('id')
    .where('status', 'in', OPEN)
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('incident_reminders')
            .select(sql`1`.as('one'))
            .whereRef('incident_reminders.incident_id', '=', 'incidents.id')
            .where('incident_reminders.kind', '=', ALL_CLEAR),
        ),
      ),
    )
    .orderBy('created_at')
    .execute();
  if (!candidates.length) return [];
  const policy = await loadIncidentPolicy(ctx.store.db);
  const out: AllClear[] = [];
  for (const { id } of candidates) {
    const done = await ctx.store.db.transaction().execute(async (trx) => {
      const incident = await trx
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!incident || !(OPEN as readonly string[]).includes(incident.status)) return null;
      const lastCleared = await allAlertsCleared(trx, id);
      if (!lastCleared) return null;
      const now = ctx.clock.now();
      const claimed = await trx
        .insertInto('incident_reminders')
        .values({ incident_id: id, kind: ALL_CLEAR, due_at: incident.created_at, sent_at: now })
        .onConflict((oc) => oc.doNothing())
        .returning('kind')
        .executeTakeFirst();
      if (!claimed) return null;
      const green = (await checksStillRed(trx, id)).length === 0;
      if (policy.resolveWhenAlertsClear && green) {
        await resolveCleared(trx, incident, lastCleared, now);
        return { incidentId: id, outcome: 'resolved' as const };
      }
      await askToResolve(trx, incident, lastCleared, now);
      return { incidentId: id, outcome: 'asked' as const };
    });
    if (done) out.push(done);
  }
  return out;
}

/** When the last of the incident's alerts resolved, or null while any fires (or it has none). */
async function allAlertsCleared(trx: Tx, incidentId: string): Promise<Date | null> {
  const alerts = await trx
    .selectFrom('incident_alerts')
    .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
    .select(['alerts.status', 'alerts.resolved_at'])
    .where('incident_alerts.incident_id', '=', incidentId)
    .execute();
  if (!alerts.length || alerts.some((a) => a.status !== 'resolved' || !a.resolved_at)) return null;
  return new Date(Math.max(...alerts.map((a) => (a.resolved_at as Date).getTime())));
}

async function askToResolve(trx: Tx, incident: IncidentRow, lastCleared: Date, now: Date): Promise<void> {
  const who = incident.commander ?? 'whoever takes command';
  const message = `every alert of this incident has resolved (the last at ${lastCleared.toISOString()}); ${who}, please check the data and resolve it`;
  const eventId = await addEvent(trx, {
    incidentId: incident.id,
    at: now,
    kind: 'all_clear',
    actor: ALL_CLEAR_ACTOR,
    message,
    data: { lastClearedAt: lastCleared.toISOString(), asked: incident.commander },
  });
  await enqueueIncidentMessage(trx, {
    incident,
    channels: await incidentChannels(trx, incident.id),
    purpose: 'all-clear',
    key: eventId,
    title: `[${incident.severity}] All alerts resolved: ${incident.title}`,
    text: message,
    now,
    // A question for the commander, not an emergency: never a page.
    severity: 'ticket',
  });
  await insertAudit(trx, {
    at: now,
    actor: { ...SYSTEM_ACTOR, name: ALL_CLEAR_ACTOR },
    action: 'incident.all_clear',
    targetType: 'incident',
    targetId: incident.id,
    summary: `asked ${who} to resolve "${incident.title}": every alert resolved`,
  });
}

async function resolveCleared(trx: Tx, incident: IncidentRow, lastCleared: Date, now: Date): Promise<void> {
  // Resolved when the data was: the last alert's resolution, never before the times already set.
  const floor = [incident.detected_at, incident.acknowledged_at, incident.mitigated_at]
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime());
  const resolvedAt = new Date(Math.min(now.getTime(), Math.max(lastCleared.getTime(), ...floor)));
  await addEvent(trx, {
    incidentId: incident.id,
    at: now,
    kind: 'all_clear',
    actor: ALL_CLEAR_ACTOR,
    message: 'every alert of this incident has resolved and its checks are green: resolved by policy',
    data: { lastClearedAt: lastCleared.toISOString(), resolvedByPolicy: true },
  });
  await applyIncidentChange(
    trx,
    { id: incident.id, status: 'resolved', times: { resolvedAt } },
    ALL_CLEAR_ACTOR,
    now,
  );
  await insertAudit(trx, {
    at: now,
    actor: { ...SYSTEM_ACTOR, name: ALL_CLEAR_ACTOR },
    action: 'incident.resolve',
    targetType: 'incident',
    targetId: incident.id,
    summary: `resolved "${incident.title}" by policy: every alert resolved, checks green`,
  });
}
