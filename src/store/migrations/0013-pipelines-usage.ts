import type { Kysely } from 'kysely';

// A landed migration is never edited: later changes go in a new file.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Runs come from OpenLineage and from Airflow polls; the heatmap and the slow-run baseline read both.
  await db.schema
    .alterTable('pipeline_runs')
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('openlineage'))
    .execute();
  // Airflow's logical date: deadlines are measured from it, and the heatmap places runs by it.
  await db.schema.alterTable('pipeline_runs').addColumn('logical_at', 'timestamptz').execute();
  await db.schema.alterTable('pipeline_runs').addColumn('source_id', 'text').execute();
  await db.schema.createIndex('pipeline_runs_started').on('pipeline_runs').columns(['started_at']).execute();

  // One row per Airflow source: where the last poll stopped, and how often it failed in a row.
  await db.schema
    .createTable('airflow_pollers')
    .addColumn('source_id', 'text', (c) => c.primaryKey())
    .addColumn('dag_cursor', 'jsonb', (c) => c.notNull())
    .addColumn('task_cursor', 'jsonb', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_poll_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_polled_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Learned run-duration baselines, one per job, fed by every finished run.
  await db.schema
    .createTable('job_duration_baselines')
    .addColumn('job_asset', 'text', (c) => c.primaryKey())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Reads per table as the warehouse counts them (pg_stat_statements), refreshed per source.
  await db.schema
    .createTable('asset_usage')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('asset', 'text', (c) => c.notNull())
    .addColumn('reads', 'bigint', (c) => c.notNull())
    .addColumn('writes', 'bigint', (c) => c.notNull())
    .addColumn('statements', 'integer', (c) => c.notNull())
    .addColumn('collected_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_usage_pk', ['source_id', 'asset'])
    .execute();
  await db.schema.createIndex('asset_usage_asset').on('asset_usage').column('asset').execute();
  await db.schema
    .createTable('usage_sources')
    .addColumn('source_id', 'text', (c) => c.primaryKey())
    .addColumn('available', 'boolean', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('stats_since', 'timestamptz')
    .addColumn('collected_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
