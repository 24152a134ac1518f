import { announcementText } from '../../domain/incident-response.js';
import type { IncidentSeverity } from '../../domain/incident.js';
import { mutate, type ServiceContext } from '../context.js';
import { enqueueIncidentMessage, liveChannels, assertLiveChannels } from './incident-outbox.js';
import { addEvent, findIncident } from './incident-records.js';

/**
 * The first announcement, quick and minimal like a fire alarm: what, since when, impact, severity
 * and where to follow. Everything else waits for the first stakeholder update.
 */
export async function announceIncident({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; impact: string; channels?: string[] | undefined; follow: string };
}): Promise<{ eventId: number; channels: string[]; text: string }> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const incident = await findIncident(trx, input.id);
    const live = await liveChannels(trx);
    const named = input.channels?.length ? [...new Set(input.channels)] : live;
    assertLiveChannels(live, named);
    const text = announcementText({
      what: incident.title,
      since: incident.started_at,
      impact: input.impact,
      severity: incident.severity as IncidentSeverity,
      follow: input.follow,
    });
    const eventId = await addEvent(trx, {
      incidentId: incident.id,
      at: now,
      kind: 'announcement',
      actor: ctx.actor.name,
      message: `announced to ${named.length} channel(s): ${input.impact}`,
      data: { impact: input.impact, follow: input.follow, channels: named },
    });
    await enqueueIncidentMessage(trx, {
      incident,
      channels: named,
      purpose: 'announcement',
      key: eventId,
      title: `[${incident.severity}] Incident: ${incident.title}`,
      text,
      now,
    });
    return {
      result: { eventId, channels: named, text },
      audit: {
        action: 'incident.announce',
        targetType: 'incident',
        targetId: incident.id,
        summary: `announced "${incident.title}" to ${named.length} channel(s)`,
      },
    };
  });
}
