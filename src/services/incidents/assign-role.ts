import { AppError } from '../../domain/errors.js';
import { type IncidentRole, later } from '../../domain/incident.js';
import { json } from '../../store/executor.js';
import { tellPagers } from '../alerts/tell-pagers.js';
import { mutate, type ServiceContext } from '../context.js';
import { enqueueIncidentMessage, incidentChannels } from './incident-outbox.js';
import { addEvent, findIncident, type IncidentView, incidentView } from './incident-records.js';

const ROLE_COLUMN = {
  commander: 'commander',
  communications_lead: 'communications_lead',
  scribe: 'scribe',
} as const;

const label = (role: IncidentRole) => role.replace('_', ' ');

/**
 * Gives a role to a person (null takes it away); responders are added, or removed with
 * `remove: true`. A role that passes from one person to another is a hand-over on the timeline.
 * The new holder is told through the incident's channels, in the same transaction. Taking
 * command acknowledges an incident nobody had acknowledged yet.
 */
export async function assignIncidentRole({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    id: string;
    role: IncidentRole;
    person: string | null;
    remove?: boolean | undefined;
    note?: string | undefined;
  };
}): Promise<IncidentView> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const row = await findIncident(trx, input.id, true);
    if (row.status === 'closed') throw new AppError('CONFLICT', `incident ${row.id} is closed`);
    let message: string;
    let kind = 'role_assigned';
    let previous: string | null = null;
    let newHolder: string | null = null;
    let acknowledged = false;
    if (input.role === 'responder') {
      if (!input.person)
        throw new AppError('VALIDATION_FAILED', 'a responder needs a person', [
          { path: 'person', message: 'required for the responder role' },
        ]);
      const responders = input.remove
        ? row.responders.filter((p) => p !== input.person)
        : [...new Set([...row.responders, input.person])];
      await trx
        .updateTable('incidents')
        .set({ responders: json(responders), updated_at: now })
        .where('id', '=', row.id)
        .execute();
      message = input.remove ? `${input.person} no longer responding` : `${input.person} is responding`;
      if (!input.remove && !row.responders.includes(input.person)) newHolder = input.person;
    } else {
      const person = input.remove ? null : input.person;
      previous = row[ROLE_COLUMN[input.role]];
      const ack =
        input.role === 'commander' && person && !row.acknowledged_at
          ? { acknowledged_at: later(now, row.detected_at) }
          : {};
      if (ack.acknowledged_at && row.mitigated_at && ack.acknowledged_at > row.mitigated_at)
        ack.acknowledged_at = row.mitigated_at;
      acknowledged = ack.acknowledged_at !== undefined;
      await trx
        .updateTable('incidents')
        .set({ [ROLE_COLUMN[input.role]]: person, ...ack, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      if (person && previous && previous !== person) {
        kind = 'role_handover';
        message = `${label(input.role)} handed over from ${previous} to ${person}`;
      } else message = person ? `${person} is ${label(input.role)}` : `${label(input.role)} unassigned`;
      if (person && person !== previous) newHolder = person;
    }
    if (acknowledged) {
      // Taking command acknowledges: PagerDuty hears it and stops escalating.
      const alerts = await trx
        .selectFrom('incident_alerts')
        .select('alert_id')
        .where('incident_id', '=', row.id)
        .execute();
      await tellPagers(trx, {
        action: 'acknowledge',
        alertIds: alerts.map((a) => a.alert_id),
        incidentId: row.id,
        reason: `${row.title}: acknowledged in Vigil, ${input.person} took command`,
        now,
      });
    }
    if (input.note) message = `${message}: ${input.note}`;
    const eventId = await addEvent(trx, {
      incidentId: row.id,
      at: now,
      kind,
      actor: ctx.actor.name,
      message,
      data: {
        role: input.role,
        person: input.person,
        removed: Boolean(input.remove),
        ...(previous ? { previous } : {}),
      },
    });
    if (newHolder) {
      const current = await findIncident(trx, row.id);
      await enqueueIncidentMessage(trx, {
        incident: current,
        channels: await incidentChannels(trx, row.id),
        purpose: 'role',
        key: eventId,
        title: `[${current.severity}] ${newHolder} is now ${label(input.role)}: ${current.title}`,
        text: `${message}. ${newHolder}, you hold ${label(input.role)} on incident ${current.id} (${current.status}).`,
        now,
        // Who holds which role is news for the incident's room, not a reason to wake anyone.
        severity: 'log',
      });
    }
    return {
      result: await incidentView(trx, row.id),
      audit: {
        action: kind === 'role_handover' ? 'incident.handover' : 'incident.assign_role',
        targetType: 'incident',
        targetId: row.id,
        summary: `${message} on "${row.title}"`,
        ...(previous ? { before: { [input.role]: previous } } : {}),
        after: { [input.role]: input.remove ? null : input.person },
      },
    };
  });
}
