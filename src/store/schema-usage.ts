import type { ColumnType, Selectable } from 'kysely';

/** Warehouse usage by day (migration 0015), added to the store's Database type by augmentation. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Count = ColumnType<number, number | bigint, number | bigint>;

/** The counters as last read on one UTC day: cumulative since the warehouse last reset them. */
export interface AssetUsageDailyTable {
  source_id: string;
  asset: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  reads: Count;
  writes: Count;
  collected_at: Timestamp;
}

declare module './schema.js' {
  interface Database {
    asset_usage_daily: AssetUsageDailyTable;
  }
}

export type AssetUsageDailyRow = Selectable<AssetUsageDailyTable>;
