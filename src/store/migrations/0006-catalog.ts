import { type Kysely, sql } from 'kysely';

// A landed migration is never edited: later changes go in a new file.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The full name, as OpenLineage names datasets: namespace + '/' + name.
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull()) // table | view | job | dashboard | model | source | seed | snapshot | test
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner', 'text')
    .addColumn('domain', 'text')
    .addColumn('tags', 'jsonb', (c) => c.notNull())
    .addColumn('columns', 'jsonb', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull()) // openlineage | dbt | api
    // The producer's own id (dbt unique_id), so re-imports find the asset again.
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('assets_live_name')
    .on('assets')
    .column('name')
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.createIndex('assets_external_id').on('assets').column('external_id').execute();

  await db.schema
    .createTable('lineage_edges')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // Asset names, not ids: the graph walks answer in names and need no join.
    .addColumn('from_asset', 'text', (c) => c.notNull())
    .addColumn('to_asset', 'text', (c) => c.notNull())
    // '' when no job is known (dataset events, dbt), so the unique key treats it as one value.
    .addColumn('via_job', 'text', (c) => c.notNull())
    .addColumn('columns', 'jsonb', (c) => c.notNull())
    .addColumn('first_seen', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('lineage_edges_key', ['from_asset', 'to_asset', 'via_job'])
    .execute();
  await db.schema.createIndex('lineage_edges_to').on('lineage_edges').column('to_asset').execute();

  await db.schema
    .createTable('pipeline_runs')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('job_asset', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // pending | started | running | completed | failed | aborted
    .addColumn('start_seen', 'boolean', (c) => c.notNull())
    .addColumn('parent_run_id', 'text')
    .addColumn('started_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('last_event_at', 'timestamptz')
    .addColumn('last_active_at', 'timestamptz')
    .addColumn('error_message', 'text')
    .addColumn('facets', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pipeline_runs_job_ended')
    .on('pipeline_runs')
    .columns(['job_asset', 'ended_at'])
    .execute();
}
