import type { Executor } from '../executor.js';
import { json } from '../executor.js';
import type { AuditRow } from '../schema.js';

export interface AuditEntry {
  at: Date;
  actor: { kind: string; id: string; name: string };
  action: string;
  targetType: string;
  targetId: string;
  summary: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | undefined;
}

const auditValues = (e: AuditEntry) => ({
  at: e.at,
  actor_kind: e.actor.kind,
  actor_id: e.actor.id,
  actor_name: e.actor.name,
  action: e.action,
  target_type: e.targetType,
  target_id: e.targetId,
  summary: e.summary,
  before: e.before === undefined ? null : json(e.before),
  after: e.after === undefined ? null : json(e.after),
  request_id: e.requestId ?? null,
});

export async function insertAudit(db: Executor, e: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditValues(e)).execute();
}

/** Several rows in one statement (a write that serves several requests audits each). */
export async function insertAudits(db: Executor, entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await db
      .insertInto('audit_log')
      .values(entries.slice(i, i + 500).map(auditValues))
      .execute();
  }
}

export interface AuditQuery {
  targetType?: string | undefined;
  targetId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  /** Rows with an id below this (paging backwards from the newest). */
  before?: number | undefined;
  limit: number;
}

export async function queryAudit(db: Executor, q: AuditQuery): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.targetType) query = query.where('target_type', '=', q.targetType);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.before) query = query.where('id', '<', q.before);
  return query.execute();
}
