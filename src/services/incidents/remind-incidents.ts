import {
  isOverdue,
  REPORT_VOICES,
  type ReminderKind,
  type ReportCadence,
  reportDueAt,
} from '../../domain/incident-response.js';
import type { IncidentSeverity } from '../../domain/incident.js';
import { SYSTEM_ACTOR } from '../../domain/roles.js';
import { insertAudit } from '../../store/repositories/audit-log.js';
import type { IncidentRow } from '../../store/schema-incidents.js';
import type { ServiceContext, Tx } from '../context.js';
import { enqueueIncidentMessage, incidentChannels } from './incident-outbox.js';
import { cadenceOf, loadIncidentPolicy } from './incident-policy-settings.js';
import { addEvent } from './incident-records.js';

const REMINDER_ACTOR = 'policy:reminders';

export interface Reminder {
  incidentId: string;
  kind: ReminderKind;
  dueAt: string;
}

/** What is overdue on one incident: the promised next update, and each report past its cadence. */
export async function overdueFor(
  trx: Tx,
  incident: IncidentRow,
  now: Date,
  cadences?: ReportCadence,
): Promise<Array<{ kind: ReminderKind; due: Date; what: string }>> {
  const events = await trx
    .selectFrom('incident_events')
    .select(['kind', 'at', 'data'])
    .where('incident_id', '=', incident.id)
    .where('kind', 'in', ['update', 'report'])
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const out: Array<{ kind: ReminderKind; due: Date; what: string }> = [];
  const lastUpdate = events.find((e) => e.kind === 'update');
  const promised = lastUpdate?.data?.nextUpdateAt;
  if (typeof promised === 'string' && isOverdue(new Date(promised), now))
    out.push({ kind: 'update', due: new Date(promised), what: 'the stakeholder update promised' });
  for (const voice of REPORT_VOICES) {
    const last = events.find((e) => e.kind === 'report' && e.data?.voice === voice);
    const due = reportDueAt(
      incident.severity as IncidentSeverity,
      voice,
      incident.created_at,
      last?.at ?? null,
      cadences,
    );
    if (isOverdue(due, now))
      out.push({
        kind: voice,
        due,
        what: voice === 'tactical' ? 'the tactical report' : 'the executive summary',
      });
  }
  return out;
}

/**
 * The reminder job: for each open incident, each overdue update or report is reminded once
 * (the `incident_reminders` key makes that hold with several workers), as a `reminder` event on
 * the timeline and a message to the incident's channels naming who holds the pen.
 */
export async function remindOverdue({ ctx }: { ctx: ServiceContext }): Promise<Reminder[]> {
  const now = ctx.clock.now();
  const open = await ctx.store.db
    .selectFrom('incidents')
    .select('id')
    .where('status', 'in', ['triage', 'investigating', 'identified', 'monitoring'])
    .orderBy('created_at')
    .execute();
  const sent: Reminder[] = [];
  const cadences = cadenceOf(await loadIncidentPolicy(ctx.store.db));
  for (const { id } of open) {
    const done = await ctx.store.db.transaction().execute(async (trx) => {
      const incident = await trx
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!incident) return [];
      const out: Reminder[] = [];
      for (const o of await overdueFor(trx, incident, now, cadences)) {
        const claimed = await trx
          .insertInto('incident_reminders')
          .values({ incident_id: id, kind: o.kind, due_at: o.due, sent_at: now })
          .onConflict((oc) => oc.doNothing())
          .returning('kind')
          .executeTakeFirst();
        if (!claimed) continue;
        const holder =
          (o.kind === 'tactical'
            ? incident.commander
            : (incident.communications_lead ?? incident.commander)) ?? 'nobody (assign a commander)';
        const message = `${o.what} was due at ${o.due.toISOString()}; over to ${holder}`;
        const eventId = await addEvent(trx, {
          incidentId: id,
          at: now,
          kind: 'reminder',
          actor: REMINDER_ACTOR,
          message,
          data: { reminder: o.kind, dueAt: o.due.toISOString(), holder },
        });
        await enqueueIncidentMessage(trx, {
          incident,
          channels: await incidentChannels(trx, id),
          purpose: `reminder-${o.kind}`,
          key: eventId,
          title: `[${incident.severity}] Overdue: ${o.what} on ${incident.title}`,
          text: message,
          now,
          // A nudge to the pen holder in the incident's room: never a page.
          severity: 'ticket',
        });
        await insertAudit(trx, {
          at: now,
          actor: { ...SYSTEM_ACTOR, name: REMINDER_ACTOR },
          action: 'incident.remind',
          targetType: 'incident',
          targetId: id,
          summary: message,
        });
        out.push({ incidentId: id, kind: o.kind, dueAt: o.due.toISOString() });
      }
      return out;
    });
    sent.push(...done);
  }
  return sent;
}
