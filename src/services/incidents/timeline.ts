import { AppError } from '../../domain/errors.js';
import { mutate, type ServiceContext } from '../context.js';
import { addEvent, findIncident, type TimelineEventView, toEventView } from './incident-records.js';

/** The timeline, oldest first; `pinned` keeps only what responders pinned. */
export async function listTimeline({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; pinned?: boolean | undefined; limit?: number | undefined };
}): Promise<TimelineEventView[]> {
  await findIncident(ctx.store.db, input.id);
  let q = ctx.store.db
    .selectFrom('incident_events')
    .selectAll()
    .where('incident_id', '=', input.id)
    .orderBy('at')
    .orderBy('id')
    .limit(input.limit ?? 1000);
  if (input.pinned) q = q.where('pinned', '=', true);
  return (await q.execute()).map(toEventView);
}

/** A note on the timeline: what someone found, tried or decided. */
export async function addIncidentNote({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; text: string; pinned?: boolean | undefined };
}): Promise<TimelineEventView> {
  return mutate(ctx, async (trx) => {
    const incident = await findIncident(trx, input.id);
    const now = ctx.clock.now();
    const id = await addEvent(trx, {
      incidentId: incident.id,
      at: now,
      kind: 'note',
      actor: ctx.actor.name,
      message: input.text,
    });
    if (input.pinned)
      await trx.updateTable('incident_events').set({ pinned: true }).where('id', '=', id).execute();
    const row = await trx
      .selectFrom('incident_events')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return {
      result: toEventView(row),
      audit: {
        action: 'incident.note',
        targetType: 'incident',
        targetId: incident.id,
        summary: `note on "${incident.title}"`,
      },
    };
  });
}

/** Pins (or unpins) a timeline event, so the postmortem and the summary start from it. */
export async function pinIncidentEvent({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; eventId: number; pinned: boolean };
}): Promise<TimelineEventView> {
  return mutate(ctx, async (trx) => {
    const row = await trx
      .updateTable('incident_events')
      .set({ pinned: input.pinned })
      .where('id', '=', input.eventId)
      .where('incident_id', '=', input.id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', `event ${input.eventId} not found on incident ${input.id}`);
    return {
      result: toEventView(row),
      audit: {
        action: input.pinned ? 'incident.pin' : 'incident.unpin',
        targetType: 'incident',
        targetId: input.id,
        summary: `${input.pinned ? 'pinned' : 'unpinned'} event ${input.eventId}`,
      },
    };
  });
}
