/**
 * The Source port: what Vigil asks of a monitored system. Monitor kinds and the scheduler talk to
 * this file only; engines live one folder each (duckdb/, postgres/, mysql/, prometheus/ …) and are
 * found through registry.ts by `kind`.
 *
 * Two families share one base:
 * - `TableSource` (family 'sql'): warehouses with tables. Metadata first (catalog views, no scan),
 *   then one aggregate scan per table for every column metric (`profile`), or one grouped scan per
 *   time bucket (`backfill`).
 * - `SeriesSource` (family 'promql'): Prometheus; a PromQL expression evaluated at an instant or
 *   over a range.
 *
 * Every call takes `CallOptions`: its `tag` becomes a leading comment on every statement sent
 * (`/* vigil monitor=<id> purpose=<p> *\/`) so a warehouse admin can attribute cost. Every call
 * answers a `Result`: `{ ok, value | error, cost }`, never a throw for expected failures; `cost`
 * counts the statements sent and the wall time, failed calls included.
 */
import type { OutboundPolicy } from '../net/outbound-guard.js';
import type { Result } from './errors.js';

export type { QueryCost, Result } from './errors.js';

/** Names the monitor (or other caller) a statement is sent for. */
export interface QueryTag {
  monitorId?: string;
  /** What the call is for: 'profile', 'freshness', 'custom-sql' … */
  purpose?: string;
}

export interface CallOptions {
  tag: QueryTag;
  /** Cancel the statement past this many milliseconds; the source's configured default otherwise. */
  timeoutMs?: number;
}

/** A table or view. `schema` defaults to the engine's (public, main, the MySQL database). */
export interface TableRef {
  schema?: string;
  name: string;
}

export interface TableInfo {
  schema: string;
  name: string;
  type: 'table' | 'view';
}

/** Engine types folded to what decides which metrics apply. */
export type LogicalType = 'number' | 'string' | 'boolean' | 'timestamp' | 'date' | 'other';

export interface ColumnInfo {
  name: string;
  /** The engine's own type name, as the catalog spells it. */
  dataType: string;
  type: LogicalType;
  nullable: boolean;
  /** 1-based position in the table. */
  position: number;
}

/** Column metrics. Ratios and rates are derived from the same scan's counts. */
export type ColumnMetric =
  | 'null_count'
  | 'null_rate'
  | 'distinct_count'
  | 'distinct_ratio'
  | 'min'
  | 'max'
  | 'mean'
  | 'stddev'
  | 'p25'
  | 'p50'
  | 'p75'
  | 'p95'
  | 'zero_count'
  | 'negative_count'
  | 'empty_count'
  | 'min_length'
  | 'avg_length'
  | 'max_length'
  | 'future_count';

export interface ColumnPlan {
  name: string;
  /** The column's type when the caller knows it (from describeTable); saves a catalog look-up. */
  type?: LogicalType;
  metrics: ColumnMetric[];
  /**
   * Distinct values the column had at its last profile. In estimated plans an engine whose
   * sketches are poor at low cardinalities (DuckDB) counts exactly below 100,000 and samples above.
   */
  expectedDistinct?: number;
}

/** What to compute for one table: every column's metrics, in one aggregate scan. */
export interface MetricPlan {
  columns: ColumnPlan[];
  /** "Now" for future_count; defaults to the call's time. */
  asOf?: Date;
  /**
   * `estimated`: distinct counts and quantiles from sketches where the engine has them (DuckDB,
   * Snowflake, BigQuery, Trino), several times cheaper on large tables; every estimated value is
   * listed in the result's `estimated`. Default `exact`.
   */
  accuracy?: ProfileAccuracy;
}

export type ProfileAccuracy = 'exact' | 'estimated';

export interface EstimatedMetric {
  column: string;
  metric: ColumnMetric;
  /** How it was estimated, e.g. "HyperLogLog (approx_count_distinct)". */
  method: string;
}

/** Numbers as numbers, timestamps as ISO-8601 UTC strings, text as text. */
export type MetricValue = number | string | null;

export interface SkippedMetric {
  column: string;
  metric: ColumnMetric;
  reason: string;
}

export interface ProfileResult {
  /** Exact: counted by the same scan. */
  rowCount: number;
  columns: Record<string, Partial<Record<ColumnMetric, MetricValue>>>;
  /** Metrics the engine cannot compute (quantiles on MySQL); never a failure of the whole plan. */
  skipped: SkippedMetric[];
  /** Values that are estimates rather than exact counts (see MetricPlan.accuracy). */
  estimated: EstimatedMetric[];
  asOf: string;
}

export interface SegmentOptions {
  column: string;
  /** Keep the top N segment values by row count. */
  limit: number;
}

export interface SegmentProfile {
  /** The segment value as text (null values are not a segment). */
  value: string;
  rowCount: number;
  columns: ProfileResult['columns'];
}

export interface SegmentedProfile {
  segments: SegmentProfile[];
  skipped: SkippedMetric[];
  estimated: EstimatedMetric[];
  asOf: string;
}

export interface BackfillOptions {
  timestampColumn: string;
  bucket: 'hour' | 'day';
  days: number;
  /** End of the window; defaults to the call's time. */
  asOf?: Date;
}

export interface BucketProfile {
  /** Bucket start, ISO-8601 UTC. */
  start: string;
  /** False for the bucket that `asOf` falls in: it is still filling. */
  complete: boolean;
  rowCount: number;
  columns: ProfileResult['columns'];
}

export interface BucketedProfile {
  bucket: 'hour' | 'day';
  since: string;
  asOf: string;
  /** Buckets with rows, oldest first; a bucket with no rows is absent (a volume of 0). */
  buckets: BucketProfile[];
  skipped: SkippedMetric[];
  estimated: EstimatedMetric[];
}

export interface TableStatsOptions extends CallOptions {
  /** A timestamp column: gives freshness from the data (max) and lets `since` count new rows. */
  timestampColumn?: string;
  /** Count rows whose timestamp column is at or after this time. */
  since?: Date;
  /** Count rows exactly even when the catalog has an estimate. */
  exactRowCount?: boolean;
  /** Query max(timestampColumn) even where storage statistics could answer. */
  exactMaxTimestamp?: boolean;
}

/**
 * Insert/update/delete counters since the engine's statistics were last reset (PostgreSQL's
 * pg_stat_user_tables). Compare two observations with `detectChange` from postgres/.
 */
export interface ChangeCounters {
  inserts: number;
  updates: number;
  deletes: number;
}

export interface TableStats {
  observedAt: string;
  /** `exact` false when read from statistics (reltuples, TABLE_ROWS, estimated_size). */
  rowCount: { value: number; exact: boolean; method: 'metadata' | 'query' } | null;
  /** The catalog's last-modified time; null where the engine keeps none (PostgreSQL, DuckDB). */
  lastModified: { value: string; exact: boolean; method: 'metadata' } | null;
  /**
   * max(timestampColumn): freshness from the data. `method` 'metadata' when read from storage
   * statistics without a scan (DuckDB), an upper bound, so `exact` is false.
   */
  maxTimestamp?: { column: string; value: string | null; exact: boolean; method: 'metadata' | 'query' };
  /** Rows with timestampColumn >= since. */
  rowsSince?: { since: string; value: number };
  sizeBytes: { value: number; exact: boolean } | null;
  changeCounters?: ChangeCounters;
}

export interface QueryResult {
  columns: string[];
  rows: Record<string, MetricValue | boolean>[];
  /** True when the engine returned more rows than `maxRows` and the rest were dropped. */
  truncated: boolean;
}

export interface RunQueryOptions extends CallOptions {
  /** Rows kept in the answer (default 1000). */
  maxRows?: number;
}

interface SourceBase {
  readonly kind: string;
  testConnection(opts?: Partial<CallOptions>): Promise<Result<void>>;
  /**
   * Runs user-written text read-only: SQL for a TableSource (one statement, rejected before it runs
   * when it writes; inside a READ ONLY transaction where the engine has one), a PromQL expression
   * evaluated now for a SeriesSource.
   */
  runQuery(text: string, opts: RunQueryOptions): Promise<Result<QueryResult>>;
  close(): Promise<void>;
}

export interface TableSource extends SourceBase {
  readonly family: 'sql';
  listTables(opts?: Partial<CallOptions>): Promise<Result<TableInfo[]>>;
  describeTable(table: TableRef, opts?: Partial<CallOptions>): Promise<Result<ColumnInfo[]>>;
  tableStats(table: TableRef, opts: TableStatsOptions): Promise<Result<TableStats>>;
  profile(table: TableRef, plan: MetricPlan, opts: CallOptions): Promise<Result<ProfileResult>>;
  profileSegments(
    table: TableRef,
    plan: MetricPlan,
    segment: SegmentOptions,
    opts: CallOptions,
  ): Promise<Result<SegmentedProfile>>;
  backfill(
    table: TableRef,
    plan: MetricPlan,
    backfill: BackfillOptions,
    opts: CallOptions,
  ): Promise<Result<BucketedProfile>>;
}

export interface SeriesSample {
  labels: Record<string, string>;
  /** [unix seconds, value] pairs; one pair for an instant query. */
  values: Array<[number, number]>;
}

export interface SeriesResult {
  resultType: 'vector' | 'matrix' | 'scalar' | 'string';
  series: SeriesSample[];
}

export interface SeriesSource extends SourceBase {
  readonly family: 'promql';
  instantQuery(expr: string, opts: CallOptions & { time?: Date }): Promise<Result<SeriesResult>>;
  rangeQuery(
    expr: string,
    opts: CallOptions & { start: Date; end: Date; stepSeconds: number },
  ): Promise<Result<SeriesResult>>;
}

/** A pipeline orchestrator (Airflow): polled for runs by the worker, never queried by monitors. */
export interface PipelineSource extends SourceBase {
  readonly family: 'pipeline';
}

export type Source = TableSource | SeriesSource | PipelineSource;

/** What the caller passes when it opens a source. */
export interface SourceHooks {
  /** Sees every statement sent (logs, tests, benchmarks). */
  onStatement?: (text: string) => void;
  /**
   * The outbound guard for sources reached over HTTP (Prometheus, Airflow), from
   * `security.allowOutboundCidrs`. Absent: loopback, private and metadata addresses are refused.
   */
  outbound?: OutboundPolicy;
}
