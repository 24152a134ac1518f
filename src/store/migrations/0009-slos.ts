import type { Kysely } from 'kysely';

// A landed migration is never edited: later changes go in a new file.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The SLO itself is one JSON spec (OpenSLO-shaped, validated by the service); the columns
  // beside it are what queries filter on and what the worker keeps between evaluations.
  await db.schema
    .createTable('slos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('spec', 'jsonb', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('last_evaluation', 'jsonb')
    .addColumn('last_evaluated_at', 'timestamptz')
    .addColumn('budget_exhausted_at', 'timestamptz')
    .addColumn('review_reminded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // What happened to an SLO's budget: spent, recovered, burn alerts, review reminders.
  await db.schema
    .createTable('slo_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('slo_id', 'text', (c) => c.notNull().references('slos.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb')
    .execute();
  await db.schema.createIndex('slo_events_slo').on('slo_events').columns(['slo_id', 'at']).execute();
}
