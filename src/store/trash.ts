import { sql } from 'kysely';
import type { Executor } from './executor.js';

/**
 * Things people configure or record are deleted into a trash (deleted_at set) and can be restored
 * for the retention period; the purge job removes them after. Each trashable table is listed here
 * once, and the trash API, restore and purge work on all of them alike.
 */
export const TRASHABLE = {
  source: { table: 'sources', label: 'source' },
  monitor: { table: 'monitors', label: 'monitor' },
  channel: { table: 'channels', label: 'channel' },
  heartbeat: { table: 'heartbeats', label: 'heartbeat' },
} as const;

export type TrashKind = keyof typeof TRASHABLE;

export const TRASH_KINDS = Object.keys(TRASHABLE) as TrashKind[];

export interface TrashItem {
  kind: TrashKind;
  id: string;
  name: string;
  deletedAt: Date;
  deletedBy: string | null;
}

interface TrashRow {
  id: string;
  name: string;
  deleted_at: Date;
  deleted_by: string | null;
}

// Table names come from the constant map above, never from input, so sql.table is safe here.
export async function listTrash(db: Executor, kind?: TrashKind): Promise<TrashItem[]> {
  const items: TrashItem[] = [];
  for (const k of kind ? [kind] : TRASH_KINDS) {
    const { rows } =
      await sql<TrashRow>`select id, name, deleted_at, deleted_by from ${sql.table(TRASHABLE[k].table)}
      where deleted_at is not null order by deleted_at desc`.execute(db);
    for (const r of rows)
      items.push({ kind: k, id: r.id, name: r.name, deletedAt: r.deleted_at, deletedBy: r.deleted_by });
  }
  return items.sort((a, b) => b.deletedAt.getTime() - a.deletedAt.getTime());
}

export async function findTrashed(db: Executor, kind: TrashKind, id: string): Promise<TrashRow | undefined> {
  const { rows } =
    await sql<TrashRow>`select id, name, deleted_at, deleted_by from ${sql.table(TRASHABLE[kind].table)}
    where id = ${id} and deleted_at is not null`.execute(db);
  return rows[0];
}

export async function markDeleted(
  db: Executor,
  kind: TrashKind,
  id: string,
  at: Date,
  by: string,
): Promise<void> {
  await sql`update ${sql.table(TRASHABLE[kind].table)} set deleted_at = ${at}, deleted_by = ${by} where id = ${id}`.execute(
    db,
  );
}

export async function markRestored(db: Executor, kind: TrashKind, id: string): Promise<void> {
  await sql`update ${sql.table(TRASHABLE[kind].table)} set deleted_at = null, deleted_by = null where id = ${id}`.execute(
    db,
  );
}

export async function liveNameTaken(db: Executor, kind: TrashKind, name: string): Promise<boolean> {
  const { rows } =
    await sql`select 1 from ${sql.table(TRASHABLE[kind].table)} where name = ${name} and deleted_at is null`.execute(
      db,
    );
  return rows.length > 0;
}

/** Removes what was trashed before `cutoff`; returns the removed items. */
export async function purgeTrashedBefore(
  db: Executor,
  cutoff: Date,
): Promise<Array<{ kind: TrashKind; id: string; name: string }>> {
  const removed: Array<{ kind: TrashKind; id: string; name: string }> = [];
  for (const k of TRASH_KINDS) {
    const { rows } = await sql<{ id: string; name: string }>`delete from ${sql.table(TRASHABLE[k].table)}
      where deleted_at is not null and deleted_at < ${cutoff} returning id, name`.execute(db);
    for (const r of rows) removed.push({ kind: k, id: r.id, name: r.name });
  }
  return removed;
}
