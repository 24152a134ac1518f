import { type Kysely, sql } from 'kysely';

// A landed migration is never edited: later changes go in a new file.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Row counts producers report (OpenLineage outputStatistics), per asset: volume history without a
  // monitor or a source connection.
  await db.schema
    .createTable('asset_metric_points')
    .addColumn('asset', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_metric_points_pk', ['asset', 'metric', 'at'])
    .execute();
  // Schemas producers report (OpenLineage schema facet), per asset: a snapshot when the columns change.
  await db.schema
    .createTable('asset_schema_snapshots')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('asset', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('columns', 'jsonb', (c) => c.notNull())
    .addColumn('diff', 'jsonb')
    .execute();
  await db.schema
    .createIndex('asset_schema_snapshots_asset')
    .on('asset_schema_snapshots')
    .columns(['asset', 'id'])
    .execute();
  // A counter moved by every change to assets and every removal of lineage edges, so the intake's
  // in-memory memo of what exists knows, with one tiny read, when anyone else changed the catalog.
  await db.schema
    .createTable('catalog_generation')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into catalog_generation (id, generation) values (1, 0)`.execute(db);
  await sql`
    create function catalog_generation_bump() returns trigger language plpgsql as $$
    begin
      update catalog_generation set generation = generation + 1 where id = 1;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger assets_generation after update or delete or truncate on assets
    for each statement execute function catalog_generation_bump()`.execute(db);
  await sql`
    create trigger lineage_edges_generation after delete or truncate on lineage_edges
    for each statement execute function catalog_generation_bump()`.execute(db);
}
