import '../../store/schema-intake.js';
import type { SchemaField, SchemaSnapshot, VolumePoint } from '../../ingest/openlineage/index.js';
import { type Executor, json } from '../../store/executor.js';
import type { AssetSchemaColumn } from '../../store/schema-intake.js';
import type { Tx } from '../context.js';
import { diffSchemas } from '../monitor-kinds/schema.js';
import { findAsset } from './catalog-queries.js';
import { fullName } from './asset-store.js';

/**
 * What producers report about the data they wrote, kept per asset: row counts (and bytes, files)
 * from outputStatistics as volume history, and the schema facet as schema history — a snapshot
 * when an asset is first described and whenever its columns change, with the diff.
 */

/** Nested fields (structs) are flattened to `parent.child`, so a change deep inside shows by name. */
function flatten(fields: SchemaField[], prefix = ''): Array<{ name: string; dataType: string }> {
  return fields.flatMap((f) => [
    { name: `${prefix}${f.name}`, dataType: f.type ?? 'unknown' },
    ...(f.fields ? flatten(f.fields, `${prefix}${f.name}.`) : []),
  ]);
}

export const snapshotColumns = (fields: SchemaField[]): AssetSchemaColumn[] =>
  flatten(fields).map((c, i) => ({ ...c, position: i + 1 }));

export async function recordVolumes(trx: Tx, volumes: VolumePoint[]): Promise<void> {
  const points = volumes.flatMap((v) => {
    const base = { asset: fullName(v.dataset), at: new Date(v.observedAt) };
    return [
      { ...base, metric: 'row_count', value: v.rowCount },
      ...(v.bytes === undefined ? [] : [{ ...base, metric: 'bytes', value: v.bytes }]),
      ...(v.fileCount === undefined ? [] : [{ ...base, metric: 'file_count', value: v.fileCount }]),
    ];
  });
  // One point per (asset, metric, instant): a re-delivered event overwrites, never doubles.
  const unique = [...new Map(points.map((p) => [`${p.asset}\u0000${p.metric}\u0000${+p.at}`, p])).values()];
  for (let i = 0; i < unique.length; i += 500) {
    await trx
      .insertInto('asset_metric_points')
      .values(unique.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['asset', 'metric', 'at']).doUpdateSet({ value: (eb) => eb.ref('excluded.value') }),
      )
      .execute();
  }
}

export async function recordSchemas(trx: Tx, schemas: SchemaSnapshot[]): Promise<void> {
  if (schemas.length === 0) return;
  const assets = [...new Set(schemas.map((s) => fullName(s.dataset)))];
  const latest = await trx
    .selectFrom('asset_schema_snapshots')
    .select(['asset', 'columns'])
    .distinctOn('asset')
    .where('asset', 'in', assets)
    .orderBy('asset')
    .orderBy('id', 'desc')
    .execute();
  const last = new Map(latest.map((r) => [r.asset, r.columns]));
  const rows: Array<{ asset: string; at: Date; columns: string; diff: string | null }> = [];
  for (const s of schemas) {
    const asset = fullName(s.dataset);
    const columns = snapshotColumns(s.fields);
    const before = last.get(asset);
    const diff = before ? diffSchemas(before, columns) : null;
    if (diff && !diff.added.length && !diff.removed.length && !diff.retyped.length && !diff.reordered.length)
      continue;
    rows.push({ asset, at: new Date(s.observedAt), columns: json(columns), diff: diff && json(diff) });
    last.set(asset, columns);
  }
  if (rows.length > 0) await trx.insertInto('asset_schema_snapshots').values(rows).execute();
}

/** An asset's reported volumes, oldest first (the chart's order). */
export async function assetMetricHistory(
  db: Executor,
  q: { asset: string; metric?: string | undefined; since?: Date | undefined; limit: number },
) {
  const asset = await findAsset(db, q.asset);
  let query = db
    .selectFrom('asset_metric_points')
    .select(['metric', 'at', 'value'])
    .where('asset', '=', asset.name)
    .orderBy('at', 'desc')
    .limit(q.limit);
  if (q.metric) query = query.where('metric', '=', q.metric);
  if (q.since) query = query.where('at', '>=', q.since);
  return (await query.execute()).reverse();
}

/** An asset's reported schemas, newest first, each with its diff from the one before. */
export async function assetSchemaHistory(db: Executor, q: { asset: string; limit: number }) {
  const asset = await findAsset(db, q.asset);
  return db
    .selectFrom('asset_schema_snapshots')
    .select(['at', 'columns', 'diff'])
    .where('asset', '=', asset.name)
    .orderBy('id', 'desc')
    .limit(q.limit)
    .execute();
}
