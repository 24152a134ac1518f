import { type Kysely, sql } from 'kysely';

// A landed migration is never edited: later changes go in a new file.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('monitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('asset', 'text', (c) => c.notNull())
    .addColumn('config', 'jsonb', (c) => c.notNull())
    .addColumn('schedule', 'jsonb', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('labels', 'jsonb', (c) => c.notNull())
    .addColumn('runbook', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('paused_reason', 'text')
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('api'))
    // Detector state is stored with the monitor (small, bounded) so a run reads one row.
    .addColumn('detector_state', 'jsonb')
    .addColumn('next_run_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'timestamptz')
    .addColumn('last_status', 'text')
    .addColumn('last_run_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('deleted_by', 'text')
    .execute();
  await db.schema
    .createIndex('monitors_live_name')
    .on('monitors')
    .column('name')
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  // The scheduler's question: which live, enabled monitors are due?
  await db.schema
    .createIndex('monitors_due')
    .on('monitors')
    .column('next_run_at')
    .where(sql<boolean>`deleted_at is null and enabled`)
    .execute();
  await db.schema.createIndex('monitors_source').on('monitors').column('source_id').execute();

  await db.schema
    .createTable('check_results')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('observed', 'double precision')
    .addColumn('expected_lower', 'double precision')
    .addColumn('expected_upper', 'double precision')
    .addColumn('score', 'double precision')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('queries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('query_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_scanned', 'bigint')
    .addColumn('bytes_scanned', 'bigint')
    .execute();
  await db.schema
    .createIndex('check_results_monitor_at')
    .on('check_results')
    .columns(['monitor_id', 'at'])
    .execute();
  await db.schema
    .createIndex('check_results_source_at')
    .on('check_results')
    .columns(['source_id', 'at'])
    .execute();

  await db.schema
    .createTable('metric_points')
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('segment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_points_pk', ['monitor_id', 'metric', 'segment', 'at'])
    .execute();

  await db.schema
    .createTable('schema_snapshots')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('columns', 'jsonb', (c) => c.notNull())
    .addColumn('diff', 'jsonb')
    .execute();
  await db.schema
    .createIndex('schema_snapshots_monitor_at')
    .on('schema_snapshots')
    .columns(['monitor_id', 'at'])
    .execute();
}
