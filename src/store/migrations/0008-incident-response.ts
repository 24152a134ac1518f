import type { Kysely } from 'kysely';

// A landed migration is never edited: later changes go in a new file.
export async function up(db: Kysely<unknown>): Promise<void> {
  // What a data incident did to the data: one row per incident, written when someone records it.
  await db.schema
    .createTable('incident_impact')
    .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
    .addColumn('bad_data_from', 'timestamptz')
    .addColumn('bad_data_to', 'timestamptz')
    .addColumn('rows_affected', 'bigint')
    .addColumn('partitions', 'jsonb', (c) => c.notNull())
    .addColumn('consumers', 'jsonb', (c) => c.notNull())
    .addColumn('backfill_status', 'text', (c) => c.notNull()) // unknown | not_needed | pending | running | done
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  // One row per reminder sent, keyed by what was due and when, so several workers send it once.
  await db.schema
    .createTable('incident_reminders')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // update | tactical | executive
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_reminders_pk', ['incident_id', 'kind', 'due_at'])
    .execute();

  // Runbooks kept on assets (monitors carry theirs in monitors.runbook): a link or Markdown.
  await db.schema
    .createTable('asset_runbooks')
    .addColumn('asset', 'text', (c) => c.primaryKey())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  // Versions of the code that writes an asset (a dbt model's checksum, a job's source version), as
  // reported; "what changed?" looks for a new one near an incident's start.
  await db.schema
    .createTable('code_versions')
    .addColumn('asset', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // dbt_checksum | job_version | deploy
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('code_versions_pk', ['asset', 'version'])
    .execute();
  await db.schema
    .createIndex('code_versions_seen')
    .on('code_versions')
    .columns(['asset', 'seen_at'])
    .execute();
}
