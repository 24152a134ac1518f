import { AppError } from '../../domain/errors.js';
import { type ReportVoice, reportDueAt, tacticalText } from '../../domain/incident-response.js';
import type { IncidentSeverity } from '../../domain/incident.js';
import { mutate, type ServiceContext } from '../context.js';
import {
  enqueueIncidentMessage,
  incidentChannels,
  liveChannels,
  assertLiveChannels,
} from './incident-outbox.js';
import { cadenceOf, loadIncidentPolicy } from './incident-policy-settings.js';
import { addEvent, findIncident } from './incident-records.js';

export interface ReportInput {
  id: string;
  voice: ReportVoice;
  /** Tactical: what is true now, what is being done, what the responders need. */
  conditions?: string | undefined;
  actions?: string | undefined;
  needs?: string | undefined;
  /** Executive: a few sentences for people who decide, not debug. */
  summary?: string | undefined;
  /** Channels to send it to; the incident's channels when absent; none with `notify: false`. */
  channels?: string[] | undefined;
  notify?: boolean | undefined;
}

/**
 * A report in one of two voices, as Dispatch has them: tactical for responders (conditions,
 * actions, needs), executive for stakeholders. Recorded on the timeline (kind `report`), which
 * also restarts the reminder cadence of that voice, and sent through the outbox.
 */
export async function postIncidentReport({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ReportInput;
}): Promise<{ eventId: number; channels: string[]; nextDueAt: string | null }> {
  const missing =
    input.voice === 'tactical'
      ? (['conditions', 'actions', 'needs'] as const).filter((f) => !input[f]?.trim())
      : (['summary'] as const).filter((f) => !input[f]?.trim());
  if (missing.length)
    throw new AppError(
      'VALIDATION_FAILED',
      `a ${input.voice} report needs ${missing.join(', ')}`,
      missing.map((f) => ({ path: f, message: `required in a ${input.voice} report` })),
    );
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const incident = await findIncident(trx, input.id);
    const live = await liveChannels(trx);
    const named =
      input.notify === false
        ? []
        : input.channels?.length
          ? [...new Set(input.channels)]
          : await incidentChannels(trx, incident.id);
    assertLiveChannels(live, named);
    const body =
      input.voice === 'tactical'
        ? tacticalText({
            conditions: input.conditions ?? '',
            actions: input.actions ?? '',
            needs: input.needs ?? '',
          })
        : (input.summary ?? '');
    const eventId = await addEvent(trx, {
      incidentId: incident.id,
      at: now,
      kind: 'report',
      actor: ctx.actor.name,
      message: `${input.voice} report: ${body.split('\n')[0]}`,
      data: {
        voice: input.voice,
        ...(input.voice === 'tactical'
          ? { conditions: input.conditions, actions: input.actions, needs: input.needs }
          : { summary: input.summary }),
        channels: named,
      },
    });
    await enqueueIncidentMessage(trx, {
      incident,
      channels: named,
      purpose: `report-${input.voice}`,
      key: eventId,
      title: `[${incident.severity}] ${input.voice === 'tactical' ? 'Tactical report' : 'Executive summary'}: ${incident.title}`,
      text: body,
      now,
    });
    const cadences = cadenceOf(await loadIncidentPolicy(trx));
    const due = reportDueAt(
      incident.severity as IncidentSeverity,
      input.voice,
      incident.created_at,
      now,
      cadences,
    );
    return {
      result: { eventId, channels: named, nextDueAt: due?.toISOString() ?? null },
      audit: {
        action: 'incident.report',
        targetType: 'incident',
        targetId: incident.id,
        summary: `${input.voice} report on "${incident.title}" to ${named.length} channel(s)`,
      },
    };
  });
}
