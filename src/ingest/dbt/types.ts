/**
 * What a dbt project tells Vigil, as plain values: assets (models, sources, seeds, snapshots,
 * exposures), monitors of record (dbt tests, source freshness) and the lineage between assets.
 * Ids are dbt unique_ids, stable across runs, so services can upsert by them.
 */
export type DbtAssetKind = 'model' | 'source' | 'seed' | 'snapshot' | 'exposure';

export interface DbtColumn {
  name: string;
  dataType?: string;
  description?: string;
}

export interface DbtFreshnessRule {
  warnAfterSeconds?: number;
  errorAfterSeconds?: number;
  loadedAtField?: string;
}

export interface DbtAsset {
  id: string;
  kind: DbtAssetKind;
  name: string;
  package: string;
  database?: string;
  schema?: string;
  /** Table or view name in the warehouse (alias or identifier). */
  identifier?: string;
  /** As dbt quotes it for the adapter, e.g. "analytics"."marts"."orders". */
  relationName?: string;
  description: string;
  tags: string[];
  owner?: string;
  materialized?: string;
  columns: DbtColumn[];
  freshness?: DbtFreshnessRule;
  /** Exposures: dashboard, notebook, analysis, ml, application. */
  exposureType?: string;
  url?: string;
}

export type DbtMonitorKind = 'dbt_test' | 'dbt_source_freshness';

export interface DbtMonitor {
  id: string;
  kind: DbtMonitorKind;
  name: string;
  /** The asset the test is about; for a relationships test, the one it is declared on. */
  assetId?: string;
  column?: string;
  /** not_null, unique, accepted_values, relationships, a package's test, or 'singular' for a SQL file. */
  test?: string;
  severity: 'warn' | 'error';
  /** Every asset the test reads. */
  dependsOn: string[];
  freshness?: DbtFreshnessRule;
}

export interface DbtLineageEdge {
  from: string;
  to: string;
}

export interface DbtProject {
  schemaVersion: number;
  dbtVersion?: string;
  generatedAt?: string;
  invocationId?: string;
  projectName?: string;
  adapterType?: string;
  assets: DbtAsset[];
  monitors: DbtMonitor[];
  edges: DbtLineageEdge[];
}

/** One outcome of a dbt test or a source freshness check, in Vigil's check-result terms. */
export interface DbtCheckResult {
  monitorId: string;
  assetId?: string;
  status: 'pass' | 'fail' | 'error';
  /** The severity the failure was raised at (warn or error); absent for pass and error. */
  severity?: 'warn' | 'error';
  /** Failing rows for tests; seconds since last load for freshness. */
  observed?: number;
  /** Freshness: the threshold crossed, in seconds. */
  expected?: number;
  message?: string;
  at: string;
}

/** One model, seed or snapshot execution from run_results. */
export interface DbtNodeRun {
  assetId: string;
  status: 'success' | 'error' | 'skipped' | 'no-op' | 'other';
  startedAt?: string;
  completedAt?: string;
  executionSeconds: number;
  rowsAffected?: number;
  message?: string;
}

export interface DbtRunResults {
  schemaVersion: number;
  invocationId?: string;
  generatedAt?: string;
  checks: DbtCheckResult[];
  runs: DbtNodeRun[];
}

export interface DbtFreshnessResults {
  schemaVersion: number;
  invocationId?: string;
  generatedAt?: string;
  checks: DbtCheckResult[];
}

/** The monitor id Vigil gives a source's freshness rule. */
export const freshnessMonitorId = (sourceId: string): string => `${sourceId}#freshness`;
