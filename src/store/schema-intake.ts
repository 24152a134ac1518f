import type { ColumnType, Generated } from 'kysely';

/** Per-asset history from producers, and the catalog's change counter (migration 0017), by augmentation. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
type Count = ColumnType<number, number | bigint, number | bigint>;

export interface AssetMetricPointsTable {
  asset: string;
  /** `row_count`, `bytes`, `file_count`: what the producer reported for one write. */
  metric: string;
  at: Timestamp;
  value: number;
}

export interface AssetSchemaColumn {
  name: string;
  dataType: string;
  position: number;
}

export interface AssetSchemaSnapshotsTable {
  id: Generated<number>;
  asset: string;
  at: Timestamp;
  columns: Json<AssetSchemaColumn[]>;
  diff: Json<unknown> | null;
}

export interface CatalogGenerationTable {
  id: number;
  generation: Count;
}

declare module './schema.js' {
  interface Database {
    asset_metric_points: AssetMetricPointsTable;
    asset_schema_snapshots: AssetSchemaSnapshotsTable;
    catalog_generation: CatalogGenerationTable;
  }
}
