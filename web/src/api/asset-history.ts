import type { VigilApi } from './client.js';

/** /api/v1/assets/{name}/metrics: volumes producers reported (OpenLineage outputStatistics). */
export interface AssetMetricPoint {
  metric: string;
  at: string;
  value: number;
}

export interface AssetSchemaColumn {
  name: string;
  dataType: string;
  position: number;
}

/** /api/v1/assets/{name}/schema-history: one snapshot per change, newest first. */
export interface AssetSchemaSnapshot {
  at: string;
  columns: AssetSchemaColumn[];
  diff: {
    added: AssetSchemaColumn[];
    removed: AssetSchemaColumn[];
    retyped: Array<{ name: string; from: string; to: string }>;
    reordered: Array<{ name: string; from: number; to: number }>;
  } | null;
}

/** What producers reported about an asset's data, kept apart from client.ts. */
export function assetHistoryApi(api: VigilApi) {
  return {
    metrics: (name: string, metric = 'row_count') =>
      api.call<{ items: AssetMetricPoint[] }>('assetMetrics', { path: { name }, query: { metric } }),
    schemaHistory: (name: string) =>
      api.call<{ items: AssetSchemaSnapshot[] }>('assetSchemaHistory', { path: { name } }),
  };
}
