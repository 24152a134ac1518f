import { json } from '../../store/executor.js';
import { newId } from '../../store/ids.js';
import type { AssetColumn, AssetRow, AssetType } from '../../store/schema-catalog.js';
import type { Tx } from '../context.js';

/** An asset as a producer (OpenLineage, dbt) describes it. Absent fields are left as they are. */
export interface ObservedAsset {
  namespace: string;
  /** The name inside the namespace; the asset's full name is `namespace/name`. */
  name: string;
  type: AssetType;
  origin: 'openlineage' | 'dbt' | 'api' | 'airflow';
  description?: string | undefined;
  owner?: string | undefined;
  tags?: string[] | undefined;
  columns?: Array<Pick<AssetColumn, 'name' | 'type' | 'description'>> | undefined;
  externalId?: string | undefined;
}

/** Datasets and jobs are named as OpenLineage names them: the namespace, a slash, the name. */
export const fullName = (ref: { namespace: string; name: string }): string => `${ref.namespace}/${ref.name}`;

/**
 * Producers describe columns on every run; people classify them (PII). A new description of the
 * columns replaces names, types and descriptions but keeps each surviving column's class.
 */
export function mergeColumns(
  before: readonly AssetColumn[],
  observed: ReadonlyArray<Pick<AssetColumn, 'name' | 'type' | 'description'>>,
): AssetColumn[] {
  const classes = new Map(before.map((c) => [c.name, c.pii]));
  return observed.map((c) => {
    const pii = classes.get(c.name);
    const column: AssetColumn = { name: c.name };
    if (c.type !== undefined) column.type = c.type;
    if (c.description !== undefined && c.description !== '') column.description = c.description;
    if (pii) column.pii = pii;
    return column;
  });
}

/** A new asset row as a producer first describes it. */
export function newAssetRow(a: ObservedAsset, now: Date): AssetRow {
  return {
    id: newId('ast', now.getTime()),
    name: fullName(a),
    namespace: a.namespace,
    type: a.type,
    description: a.description ?? '',
    owner: a.owner ?? null,
    domain: null,
    tags: [...new Set(a.tags ?? [])],
    columns: mergeColumns([], a.columns ?? []),
    origin: a.origin,
    external_id: a.externalId ?? null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
}

/** Tags a producer states as `key:value` for a fact that changes (a DAG's schedule): the new value replaces the old. */
const PRODUCER_KEYS = ['schedule:'];
const replacedTag = (tag: string, incoming: string[] | undefined): boolean =>
  PRODUCER_KEYS.some((k) => tag.startsWith(k) && (incoming ?? []).some((t) => t.startsWith(k)));

/**
 * What a producer's new description makes of an asset. What people curate wins: an owner or a
 * description set by hand is not overwritten by a producer; tags are merged, never dropped (except a
 * producer's own `schedule:` tag, which its new value replaces).
 */
export function mergeAsset(existing: AssetRow, a: ObservedAsset, now: Date): AssetRow {
  return {
    ...existing,
    // A job seen only as a dataset before (or the reverse) keeps its first, more specific type
    // unless the producer now says it is something other than a plain table.
    type: existing.type === 'table' && a.type !== 'table' ? a.type : existing.type,
    description: existing.description || a.description || '',
    owner: existing.owner ?? a.owner ?? null,
    tags: [...new Set([...existing.tags.filter((t) => !replacedTag(t, a.tags)), ...(a.tags ?? [])])],
    columns: a.columns && a.columns.length > 0 ? mergeColumns(existing.columns, a.columns) : existing.columns,
    external_id: existing.external_id ?? a.externalId ?? null,
    updated_at: now,
  };
}

/** True when a merge changed something a reader can see (not only updated_at). */
export function assetChanged(before: AssetRow, after: AssetRow): boolean {
  return (
    before.type !== after.type ||
    before.description !== after.description ||
    before.owner !== after.owner ||
    before.external_id !== after.external_id ||
    JSON.stringify(before.tags) !== JSON.stringify(after.tags) ||
    JSON.stringify(before.columns) !== JSON.stringify(after.columns)
  );
}

export async function writeAssetUpdate(trx: Tx, next: AssetRow): Promise<void> {
  await trx
    .updateTable('assets')
    .set({
      type: next.type,
      description: next.description,
      owner: next.owner,
      tags: json(next.tags),
      columns: json(next.columns),
      external_id: next.external_id,
      updated_at: next.updated_at,
    })
    .where('id', '=', next.id)
    .execute();
}

/** Creates the asset or refreshes what the producer knows (see mergeAsset). */
export async function upsertAsset(trx: Tx, a: ObservedAsset, now: Date): Promise<AssetRow> {
  const name = fullName(a);
  const existing = await trx
    .selectFrom('assets')
    .selectAll()
    .where('name', '=', name)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!existing) {
    const row = newAssetRow(a, now);
    await trx
      .insertInto('assets')
      .values({ ...row, tags: json(row.tags), columns: json(row.columns) })
      .execute();
    return row;
  }
  const next = mergeAsset(existing, a, now);
  await writeAssetUpdate(trx, next);
  return next;
}

/** One edge per (from, to, job); seeing it again moves last_seen and adds column mappings. */
export async function upsertEdge(
  trx: Tx,
  e: { from: string; to: string; via?: string | undefined; columns?: Array<{ from: string; to: string }> },
  now: Date,
): Promise<void> {
  const via = e.via ?? '';
  const existing = await trx
    .selectFrom('lineage_edges')
    .select(['id', 'columns'])
    .where('from_asset', '=', e.from)
    .where('to_asset', '=', e.to)
    .where('via_job', '=', via)
    .executeTakeFirst();
  const columns = e.columns ?? [];
  if (existing) {
    const key = (c: { from: string; to: string }) => `${c.from}\u0000${c.to}`;
    const known = new Set(existing.columns.map(key));
    const merged = [...existing.columns, ...columns.filter((c) => !known.has(key(c)))];
    await trx
      .updateTable('lineage_edges')
      .set({ last_seen: now, columns: json(merged) })
      .where('id', '=', existing.id)
      .execute();
    return;
  }
  await trx
    .insertInto('lineage_edges')
    .values({
      from_asset: e.from,
      to_asset: e.to,
      via_job: via,
      columns: json(columns.map((c) => ({ from: c.from, to: c.to }))),
      first_seen: now,
      last_seen: now,
    })
    // Two producers may report the same edge at once: the second insert becomes a touch.
    .onConflict((oc) => oc.constraint('lineage_edges_key').doUpdateSet({ last_seen: now }))
    .execute();
}
