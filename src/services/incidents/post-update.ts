import type { IncidentStatus } from '../../domain/incident.js';
import type { Executor } from '../../store/executor.js';
import { mutate, type ServiceContext } from '../context.js';
import { addEvent, findIncident } from './incident-records.js';
import {
  channelsForOwners,
  enqueueIncidentMessage,
  incidentRunbooks,
  liveChannels,
  runbookLine,
  assertLiveChannels,
} from './incident-outbox.js';
import { applyIncidentChange } from './update-incident.js';

export interface StakeholderUpdateInput {
  id: string;
  /** The status the update announces; a different one changes the incident's status too. */
  status: IncidentStatus;
  impact: string;
  nextUpdateAt?: Date | undefined;
  /** Channel names; every live channel when empty or absent. */
  channels?: string[] | undefined;
  /** Also the channels the owners of the affected assets are routed to (routing tree on `owner`). */
  owners?: boolean | undefined;
}

/**
 * A stakeholder update: recorded on the timeline and written to the outbox, one row per channel,
 * in the same transaction, so an update is either both recorded and queued or neither.
 */
export async function postIncidentUpdate({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: StakeholderUpdateInput;
}): Promise<{ eventId: number; channels: string[] }> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const live = await liveChannels(trx);
    const named = input.channels?.length ? [...new Set(input.channels)] : [...live];
    assertLiveChannels(live, named);
    const current = await findIncident(trx, input.id);
    if (input.owners) named.push(...(await ownerChannels(trx, current.affected_assets)));
    named.splice(0, named.length, ...new Set(named));
    if (input.status !== current.status)
      await applyIncidentChange(trx, { id: input.id, status: input.status }, ctx.actor.name, now);
    const incident = await findIncident(trx, input.id);
    const next = input.nextUpdateAt ? ` Next update by ${input.nextUpdateAt.toISOString()}.` : '';
    const eventId = await addEvent(trx, {
      incidentId: incident.id,
      at: now,
      kind: 'update',
      actor: ctx.actor.name,
      message: `${incident.status}: ${input.impact}`,
      data: {
        status: incident.status,
        impact: input.impact,
        nextUpdateAt: input.nextUpdateAt?.toISOString() ?? null,
        channels: named,
      },
    });
    const runbooks = await incidentRunbooks(trx, incident);
    await enqueueIncidentMessage(trx, {
      incident,
      channels: named,
      purpose: 'update',
      key: eventId,
      text: `${input.impact}${next}${runbookLine(runbooks)}`,
      now,
      runbook: runbooks[0]?.runbook,
    });
    return {
      result: { eventId, channels: named },
      audit: {
        action: 'incident.update_posted',
        targetType: 'incident',
        targetId: incident.id,
        summary: `stakeholder update on "${incident.title}" to ${named.length} channel(s)`,
        after: { status: incident.status, impact: input.impact, channels: named },
      },
    };
  });
}

/** The channels that reach the owners of the assets named (catalog owner, else a monitor's). */
async function ownerChannels(db: Executor, assets: string[]): Promise<string[]> {
  if (assets.length === 0) return [];
  const fromCatalog = await db
    .selectFrom('assets')
    .select(['name', 'owner'])
    .where('name', 'in', assets)
    .where('deleted_at', 'is', null)
    .execute();
  const fromMonitors = await db
    .selectFrom('monitors')
    .select(['asset as name', 'owner'])
    .where('asset', 'in', assets)
    .where('deleted_at', 'is', null)
    .execute();
  const owners = [...fromCatalog, ...fromMonitors].filter(
    (o): o is { name: string; owner: string } => !!o.owner,
  );
  const routed = await channelsForOwners(
    db,
    owners.map((o) => ({ owner: o.owner, asset: o.name })),
  );
  return [...new Set([...routed.values()].flat())];
}
