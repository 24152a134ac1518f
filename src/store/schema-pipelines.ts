import type { ColumnType, Selectable } from 'kysely';

/** Airflow polling, run-duration baselines and warehouse usage (migration 0013), by augmentation. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
type Count = ColumnType<number, number | bigint, number | bigint>;

/** Where an Airflow poll stopped (the ingest layer's AirflowCursor). */
export interface StoredCursor {
  endDate: string | null;
  seenAtEndDate: string[];
}

export interface AirflowPollersTable {
  source_id: string;
  dag_cursor: Json<StoredCursor>;
  task_cursor: Json<StoredCursor>;
  /** Polls failed in a row: the backoff grows with it, and the source alert fires at the first. */
  failures: number;
  next_poll_at: Timestamp;
  last_polled_at: Timestamp | null;
  last_error: string | null;
  updated_at: Timestamp;
}

export interface JobDurationBaselinesTable {
  job_asset: string;
  /** The detector state, as a monitor keeps it ({ detectors, memory }). */
  state: Json<{ detectors: Record<string, unknown>; memory: Record<string, unknown> }>;
  runs: number;
  updated_at: Timestamp;
}

export interface AssetUsageTable {
  source_id: string;
  asset: string;
  reads: Count;
  writes: Count;
  statements: number;
  collected_at: Timestamp;
}

export interface UsageSourcesTable {
  source_id: string;
  available: boolean;
  /** Why usage cannot be read from this source (extension missing, no privilege). */
  reason: string | null;
  /** When the warehouse's counters were last reset, when it says. */
  stats_since: Timestamp | null;
  collected_at: Timestamp;
}

declare module './schema.js' {
  interface Database {
    airflow_pollers: AirflowPollersTable;
    job_duration_baselines: JobDurationBaselinesTable;
    asset_usage: AssetUsageTable;
    usage_sources: UsageSourcesTable;
  }
}

export type AirflowPollerRow = Selectable<AirflowPollersTable>;
export type AssetUsageRow = Selectable<AssetUsageTable>;
