import { isSettledItem, type PostmortemStatus } from '../../domain/postmortem.js';
import type { ServiceContext } from '../context.js';
import { itemFacts } from './postmortem-records.js';

export interface PostmortemSummary {
  incidentId: string;
  incidentTitle: string;
  severity: string;
  title: string;
  status: string;
  complete: boolean;
  actionItems: number;
  /** Items not yet done, or dropped without a reason. */
  openActionItems: number;
  updatedAt: string;
}

/** Postmortems, most recently changed first, with how many of their items are still open. */
export async function listPostmortems({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { status?: PostmortemStatus | undefined; limit?: number | undefined };
}): Promise<PostmortemSummary[]> {
  const db = ctx.store.db;
  let q = db
    .selectFrom('postmortems as p')
    .innerJoin('incidents as i', 'i.id', 'p.incident_id')
    .select([
      'p.incident_id',
      'p.title',
      'p.status',
      'p.completed_at',
      'p.updated_at',
      'i.title as incident_title',
      'i.severity',
    ])
    .orderBy('p.updated_at', 'desc')
    .limit(input.limit ?? 100);
  if (input.status) q = q.where('p.status', '=', input.status);
  const rows = await q.execute();
  const items = rows.length
    ? await db
        .selectFrom('action_items')
        .selectAll()
        .where(
          'incident_id',
          'in',
          rows.map((r) => r.incident_id),
        )
        .execute()
    : [];
  return rows.map((r) => {
    const mine = items.filter((i) => i.incident_id === r.incident_id);
    return {
      incidentId: r.incident_id,
      incidentTitle: r.incident_title,
      severity: r.severity,
      title: r.title,
      status: r.status,
      complete: r.completed_at !== null,
      actionItems: mine.length,
      openActionItems: mine.filter((i) => !isSettledItem(itemFacts(i))).length,
      updatedAt: r.updated_at.toISOString(),
    };
  });
}
