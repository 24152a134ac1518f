import type { ColumnType, Generated, Selectable } from 'kysely';

/** The catalog's tables (migration 0006-catalog), added to the store's Database type. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export const ASSET_TYPES = [
  'table',
  'view',
  'job',
  'dashboard',
  'model',
  'source',
  'seed',
  'snapshot',
  'test',
] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const PII_CLASSES = ['email', 'phone', 'ssn', 'address', 'name', 'birth_date', 'other'] as const;
export type PiiClass = (typeof PII_CLASSES)[number];

export interface AssetColumn {
  name: string;
  type?: string;
  description?: string;
  /** Set by a person (PATCH); never guessed by Vigil from values. */
  pii?: PiiClass | null;
}

export interface AssetsTable {
  id: string;
  name: string;
  namespace: string;
  type: string;
  description: string;
  owner: string | null;
  domain: string | null;
  tags: Json<string[]>;
  columns: Json<AssetColumn[]>;
  origin: string;
  external_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface LineageEdgesTable {
  id: Generated<number>;
  from_asset: string;
  to_asset: string;
  via_job: string;
  columns: Json<Array<{ from: string; to: string }>>;
  first_seen: Timestamp;
  last_seen: Timestamp;
}

export interface PipelineRunsTable {
  run_id: string;
  job_asset: string;
  state: string;
  start_seen: boolean;
  parent_run_id: string | null;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  last_event_at: Timestamp | null;
  last_active_at: Timestamp | null;
  error_message: string | null;
  facets: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** openlineage | airflow (migration 0013). */
  origin: ColumnType<string, string | undefined, string>;
  /** Airflow's logical date (migration 0013). */
  logical_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The Airflow source a polled run came from (migration 0013). */
  source_id: ColumnType<string | null, string | null | undefined, string | null>;
}

declare module './schema.js' {
  interface Database {
    assets: AssetsTable;
    lineage_edges: LineageEdgesTable;
    pipeline_runs: PipelineRunsTable;
  }
}

export type AssetRow = Selectable<AssetsTable>;
export type LineageEdgeRow = Selectable<LineageEdgesTable>;
export type PipelineRunRow = Selectable<PipelineRunsTable>;
