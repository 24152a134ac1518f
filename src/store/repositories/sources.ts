import type { Executor } from '../executor.js';
import type { SourceRow, SourcesTable } from '../schema.js';
import type { Insertable, Updateable } from 'kysely';

export async function insertSource(db: Executor, row: Insertable<SourcesTable>): Promise<void> {
  await db.insertInto('sources').values(row).execute();
}

export async function findLiveSource(db: Executor, idOrName: string): Promise<SourceRow | undefined> {
  return db
    .selectFrom('sources')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function listLiveSources(db: Executor): Promise<SourceRow[]> {
  return db.selectFrom('sources').selectAll().where('deleted_at', 'is', null).orderBy('name').execute();
}

export async function updateSource(db: Executor, id: string, patch: Updateable<SourcesTable>): Promise<void> {
  await db.updateTable('sources').set(patch).where('id', '=', id).execute();
}
