import { type Kysely, sql } from 'kysely';

// A landed migration is never edited: later changes go in a new file.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('heartbeats')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('schedule', 'jsonb', (c) => c.notNull())
    .addColumn('grace', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('labels', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // new | up | running | down
    .addColumn('last_ping_at', 'timestamptz')
    .addColumn('last_start_at', 'timestamptz')
    .addColumn('run_id', 'text')
    .addColumn('deadline_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('deleted_by', 'text')
    .execute();
  await db.schema
    .createIndex('heartbeats_live_name')
    .on('heartbeats')
    .column('name')
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.createIndex('heartbeats_deadline').on('heartbeats').column('deadline_at').execute();

  await db.schema
    .createTable('heartbeat_pings')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('heartbeat_id', 'text', (c) => c.notNull().references('heartbeats.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // success | start | fail
    .addColumn('run_id', 'text')
    .addColumn('duration_ms', 'integer')
    .execute();
  await db.schema
    .createIndex('heartbeat_pings_hb_at')
    .on('heartbeat_pings')
    .columns(['heartbeat_id', 'at'])
    .execute();
}
