import type { Kysely } from 'kysely';

// A landed migration is never edited: later changes go in a new file.
export async function up(db: Kysely<unknown>): Promise<void> {
  // pg_stat_statements counts since its last reset; keeping each day's last reading per table lets
  // reads per day be the difference between consecutive days.
  await db.schema
    .createTable('asset_usage_daily')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('asset', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('reads', 'bigint', (c) => c.notNull())
    .addColumn('writes', 'bigint', (c) => c.notNull())
    .addColumn('collected_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_usage_daily_pk', ['source_id', 'asset', 'day'])
    .execute();
  await db.schema
    .createIndex('asset_usage_daily_asset')
    .on('asset_usage_daily')
    .columns(['asset', 'day'])
    .execute();
}
