import { AppError, notFound } from '../../domain/errors.js';
import {
  type ActionItemKind,
  type ActionItemStatus,
  isClosedItem,
  isSettledItem,
  utcDay,
} from '../../domain/postmortem.js';
import type { Executor } from '../../store/executor.js';
import type { ActionItemRow } from '../../store/schema-postmortems.js';
import { newId } from '../../store/ids.js';
import { mutate, type ServiceContext, type Tx } from '../context.js';
import { addEvent, findIncident } from '../incidents/incident-records.js';
import { type ActionItemView, itemFacts, toItemView } from './postmortem-records.js';

export interface ActionItemFields {
  kind?: ActionItemKind | undefined;
  title?: string | undefined;
  owner?: string | null | undefined;
  /** YYYY-MM-DD */
  dueOn?: string | null | undefined;
  status?: ActionItemStatus | undefined;
  dropReason?: string | null | undefined;
  monitorId?: string | null | undefined;
  ticketUrl?: string | null | undefined;
}

async function assertMonitor(db: Executor, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const m = await db
    .selectFrom('monitors')
    .select('id')
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!m)
    throw new AppError('VALIDATION_FAILED', `no monitor ${id}`, [
      { path: 'monitorId', message: 'unknown monitor' },
    ]);
}

function assertDropReason(status: string, reason: string | null): void {
  if (status === 'dropped' && !reason?.trim())
    throw new AppError('VALIDATION_FAILED', 'a dropped action item needs a reason', [
      { path: 'dropReason', message: 'required when status is dropped' },
    ]);
}

/** A completed postmortem stops being complete when one of its items opens again. */
async function reopenIfComplete(trx: Tx, item: ActionItemRow, actor: string, now: Date): Promise<void> {
  if (isSettledItem(itemFacts(item))) return;
  const reopened = await trx
    .updateTable('postmortems')
    .set({ completed_at: null, completed_by: null, updated_at: now })
    .where('incident_id', '=', item.incident_id)
    .where('completed_at', 'is not', null)
    .returning('incident_id')
    .executeTakeFirst();
  if (reopened)
    await addEvent(trx, {
      incidentId: item.incident_id,
      at: now,
      kind: 'postmortem',
      actor,
      message: `postmortem no longer complete: action item "${item.title}" is ${item.status.replace('_', ' ')}`,
      data: { complete: false, actionItemId: item.id },
    });
}

export async function createActionItem({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ActionItemFields & { incidentId: string; kind: ActionItemKind; title: string };
}): Promise<ActionItemView> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const incident = await findIncident(trx, input.incidentId);
    await assertMonitor(trx, input.monitorId);
    const status = input.status ?? 'open';
    const dropReason = status === 'dropped' ? (input.dropReason ?? null) : null;
    assertDropReason(status, dropReason);
    const row = await trx
      .insertInto('action_items')
      .values({
        id: newId('act', now.getTime()),
        incident_id: incident.id,
        kind: input.kind,
        title: input.title,
        owner: input.owner ?? null,
        due_on: input.dueOn ?? null,
        status,
        drop_reason: dropReason,
        monitor_id: input.monitorId ?? null,
        ticket_url: input.ticketUrl ?? null,
        created_by: ctx.actor.name,
        created_at: now,
        updated_at: now,
        closed_at: isClosedItem(status) ? now : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await reopenIfComplete(trx, row, ctx.actor.name, now);
    return {
      result: toItemView(row, now),
      audit: {
        action: 'action_item.create',
        targetType: 'action_item',
        targetId: row.id,
        summary: `${row.kind} item "${row.title}" on incident ${incident.id}`,
        after: toItemView(row, now),
      },
    };
  });
}

async function findItem(db: Executor, id: string): Promise<ActionItemRow> {
  const row = await db
    .selectFrom('action_items')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('action item', id);
  return row;
}

/** Changes an item; `null` clears owner, due date, monitor or ticket. Dropping needs a reason. */
export async function updateActionItem({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ActionItemFields & { id: string };
}): Promise<ActionItemView> {
  return mutate(ctx, async (trx) => {
    const now = ctx.clock.now();
    const before = await findItem(trx, input.id);
    await assertMonitor(trx, input.monitorId);
    const status = input.status ?? before.status;
    const dropReason = status === 'dropped' ? (input.dropReason ?? before.drop_reason) : null;
    assertDropReason(status, dropReason);
    const closing = isClosedItem(status);
    const row = await trx
      .updateTable('action_items')
      .set({
        kind: input.kind ?? before.kind,
        title: input.title ?? before.title,
        owner: input.owner === undefined ? before.owner : input.owner,
        due_on: input.dueOn === undefined ? before.due_on : input.dueOn,
        status,
        drop_reason: dropReason,
        monitor_id: input.monitorId === undefined ? before.monitor_id : input.monitorId,
        ticket_url: input.ticketUrl === undefined ? before.ticket_url : input.ticketUrl,
        updated_at: now,
        closed_at: closing ? (isClosedItem(before.status) ? before.closed_at : now) : null,
      })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await reopenIfComplete(trx, row, ctx.actor.name, now);
    return {
      result: toItemView(row, now),
      audit: {
        action: 'action_item.update',
        targetType: 'action_item',
        targetId: row.id,
        summary:
          status !== before.status ? `"${row.title}": ${before.status} → ${status}` : `edited "${row.title}"`,
        before: toItemView(before, now),
        after: toItemView(row, now),
      },
    };
  });
}

export async function deleteActionItem({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<void> {
  await mutate(ctx, async (trx) => {
    const before = await findItem(trx, input.id);
    await trx.deleteFrom('action_items').where('id', '=', before.id).execute();
    return {
      result: undefined,
      audit: {
        action: 'action_item.delete',
        targetType: 'action_item',
        targetId: before.id,
        summary: `deleted "${before.title}" from incident ${before.incident_id}`,
        before: toItemView(before, ctx.clock.now()),
      },
    };
  });
}

export interface ActionItemQuery {
  incidentId?: string | undefined;
  status?: ActionItemStatus | undefined;
  owner?: string | undefined;
  kind?: ActionItemKind | undefined;
  /** Only items past their due day and not done or dropped. */
  overdue?: boolean | undefined;
  limit?: number | undefined;
}

/** Items across incidents, soonest due first (items without a due day last). */
export async function listActionItems({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ActionItemQuery;
}): Promise<ActionItemView[]> {
  const now = ctx.clock.now();
  if (input.incidentId) await findIncident(ctx.store.db, input.incidentId);
  let q = ctx.store.db
    .selectFrom('action_items')
    .selectAll()
    .orderBy((eb) => eb.case().when('due_on', 'is', null).then(1).else(0).end())
    .orderBy('due_on')
    .orderBy('created_at')
    .limit(input.limit ?? 500);
  if (input.incidentId) q = q.where('incident_id', '=', input.incidentId);
  if (input.status) q = q.where('status', '=', input.status);
  if (input.owner) q = q.where('owner', '=', input.owner);
  if (input.kind) q = q.where('kind', '=', input.kind);
  if (input.overdue) q = q.where('status', 'in', ['open', 'in_progress']).where('due_on', '<', utcDay(now));
  return (await q.execute()).map((r) => toItemView(r, now));
}
