import { AppError } from '../../domain/errors.js';
import {
  type ActionItemKind,
  type ActionItemStatus,
  DEFAULT_POSTMORTEM_TEMPLATE,
  isOverdue,
  isSettledItem,
  type PostmortemStatus,
  type PostmortemTemplate,
  utcDay,
} from '../../domain/postmortem.js';
import type { Executor } from '../../store/executor.js';
import type { ActionItemRow, PostmortemRow, PostmortemSection } from '../../store/schema-postmortems.js';

/** Reads shared by the postmortem and action-item use cases; all run in the caller's transaction. */

export const TEMPLATE_SETTING = 'postmortem_template';

export async function loadTemplate(db: Executor): Promise<{ template: PostmortemTemplate; custom: boolean }> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', TEMPLATE_SETTING)
    .executeTakeFirst();
  return row
    ? { template: row.value as PostmortemTemplate, custom: true }
    : { template: DEFAULT_POSTMORTEM_TEMPLATE, custom: false };
}

export async function findPostmortem(db: Executor, incidentId: string, lock = false): Promise<PostmortemRow> {
  let q = db.selectFrom('postmortems').selectAll().where('incident_id', '=', incidentId);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row)
    throw new AppError(
      'NOT_FOUND',
      `incident ${incidentId} has no postmortem yet: POST /api/v1/incidents/${incidentId}/postmortem drafts one`,
    );
  return row;
}

export async function itemsOf(db: Executor, incidentId: string): Promise<ActionItemRow[]> {
  return db
    .selectFrom('action_items')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export interface ActionItemView {
  id: string;
  incidentId: string;
  kind: ActionItemKind;
  title: string;
  owner: string | null;
  dueOn: string | null;
  status: ActionItemStatus;
  dropReason: string | null;
  monitorId: string | null;
  ticketUrl: string | null;
  overdue: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toItemView = (r: ActionItemRow, now: Date): ActionItemView => ({
  id: r.id,
  incidentId: r.incident_id,
  // The store only ever holds values the API accepted.
  kind: r.kind as ActionItemKind,
  title: r.title,
  owner: r.owner,
  dueOn: r.due_on,
  status: r.status as ActionItemStatus,
  dropReason: r.drop_reason,
  monitorId: r.monitor_id,
  ticketUrl: r.ticket_url,
  overdue: isOverdue({ status: r.status, dueOn: r.due_on }, utcDay(now)),
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  closedAt: iso(r.closed_at),
});

export const itemFacts = (r: ActionItemRow) => ({
  id: r.id,
  title: r.title,
  status: r.status,
  dropReason: r.drop_reason,
  dueOn: r.due_on,
});

export interface PostmortemView {
  incidentId: string;
  title: string;
  status: PostmortemStatus;
  version: number;
  sections: PostmortemSection[];
  actionItems: ActionItemView[];
  /** True once marked complete; `readyToComplete` says whether it could be now. */
  complete: boolean;
  readyToComplete: boolean;
  draftedBy: string;
  draftedAt: string;
  updatedAt: string;
  publishedAt: string | null;
  completedAt: string | null;
  completedBy: string | null;
}

export function toPostmortemView(p: PostmortemRow, items: ActionItemRow[], now: Date): PostmortemView {
  return {
    incidentId: p.incident_id,
    title: p.title,
    status: p.status as PostmortemStatus,
    version: p.version,
    sections: p.sections,
    actionItems: items.map((i) => toItemView(i, now)),
    complete: p.completed_at !== null,
    readyToComplete: p.status === 'published' && items.every((i) => isSettledItem(itemFacts(i))),
    draftedBy: p.drafted_by,
    draftedAt: p.drafted_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
    publishedAt: iso(p.published_at),
    completedAt: iso(p.completed_at),
    completedBy: p.completed_by,
  };
}

export async function postmortemView(db: Executor, incidentId: string, now: Date): Promise<PostmortemView> {
  const p = await findPostmortem(db, incidentId);
  return toPostmortemView(p, await itemsOf(db, incidentId), now);
}
