import { json } from '../../store/executor.js';
import type { AssetRow } from '../../store/schema-catalog.js';
import type { Tx } from '../context.js';
import {
  assetChanged,
  fullName,
  mergeAsset,
  newAssetRow,
  type ObservedAsset,
  writeAssetUpdate,
} from './asset-store.js';

/**
 * The catalog writes of a whole intake request in a few statements instead of a few per event:
 * one read of the assets and edges named, one multi-row insert of the new ones, and updates only
 * where something visible changed. Producers repeat the same datasets on every run, so after the
 * first events of a job almost nothing is written but last_seen.
 */

const CHUNK = 500;
const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** Upserts every observed asset (several observations of one name fold in order); returns the names. */
export async function upsertAssets(trx: Tx, observed: ObservedAsset[], now: Date): Promise<Set<string>> {
  const names = [...new Set(observed.map(fullName))];
  const before = new Map<string, AssetRow>();
  for (const part of chunks(names)) {
    const rows = await trx
      .selectFrom('assets')
      .selectAll()
      .where('name', 'in', part)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .execute();
    for (const r of rows) before.set(r.name, r);
  }
  const after = new Map<string, AssetRow>();
  for (const a of observed) {
    const name = fullName(a);
    const current = after.get(name) ?? before.get(name);
    after.set(name, current ? mergeAsset(current, a, now) : newAssetRow(a, now));
  }
  const fresh = [...after.values()].filter((r) => !before.has(r.name));
  for (const part of chunks(fresh)) {
    await trx
      .insertInto('assets')
      .values(part.map((r) => ({ ...r, tags: json(r.tags), columns: json(r.columns) })))
      // Another request may create the same asset at the same moment (PostgreSQL store): keep theirs.
      .onConflict((oc) => oc.column('name').where('deleted_at', 'is', null).doNothing())
      .execute();
  }
  for (const [name, row] of after) {
    const old = before.get(name);
    if (old && assetChanged(old, row)) await writeAssetUpdate(trx, row);
  }
  return new Set(names);
}

export interface EdgeInput {
  from: string;
  to: string;
  via?: string | undefined;
  columns?: Array<{ from: string; to: string }> | undefined;
}

const edgeKey = (from: string, to: string, via: string) => JSON.stringify([from, to, via]);
const columnKey = (c: { from: string; to: string }) => `${c.from}\u0000${c.to}`;

/** One edge per (from, to, job): new ones inserted together, seen ones touched together. */
export async function upsertEdges(trx: Tx, edges: EdgeInput[], now: Date): Promise<void> {
  if (edges.length === 0) return;
  const wanted = new Map<
    string,
    { from: string; to: string; via: string; columns: Array<{ from: string; to: string }> }
  >();
  for (const e of edges) {
    const via = e.via ?? '';
    const key = edgeKey(e.from, e.to, via);
    const cur = wanted.get(key) ?? { from: e.from, to: e.to, via, columns: [] };
    const known = new Set(cur.columns.map(columnKey));
    for (const c of e.columns ?? [])
      if (!known.has(columnKey(c))) cur.columns.push({ from: c.from, to: c.to });
    wanted.set(key, cur);
  }
  const froms = [...new Set([...wanted.values()].map((e) => e.from))];
  const existing = new Map<string, { id: number; columns: Array<{ from: string; to: string }> }>();
  for (const part of chunks(froms)) {
    const rows = await trx
      .selectFrom('lineage_edges')
      .select(['id', 'from_asset', 'to_asset', 'via_job', 'columns'])
      .where('from_asset', 'in', part)
      .execute();
    for (const r of rows) {
      const key = edgeKey(r.from_asset, r.to_asset, r.via_job);
      if (wanted.has(key)) existing.set(key, { id: r.id, columns: r.columns });
    }
  }
  const touch: number[] = [];
  for (const [key, e] of wanted) {
    const old = existing.get(key);
    if (!old) continue;
    const known = new Set(old.columns.map(columnKey));
    const added = e.columns.filter((c) => !known.has(columnKey(c)));
    if (added.length === 0) touch.push(old.id);
    else
      await trx
        .updateTable('lineage_edges')
        .set({ last_seen: now, columns: json([...old.columns, ...added]) })
        .where('id', '=', old.id)
        .execute();
  }
  for (const part of chunks(touch)) {
    await trx.updateTable('lineage_edges').set({ last_seen: now }).where('id', 'in', part).execute();
  }
  const fresh = [...wanted.entries()].filter(([key]) => !existing.has(key)).map(([, e]) => e);
  for (const part of chunks(fresh)) {
    await trx
      .insertInto('lineage_edges')
      .values(
        part.map((e) => ({
          from_asset: e.from,
          to_asset: e.to,
          via_job: e.via,
          columns: json(e.columns),
          first_seen: now,
          last_seen: now,
        })),
      )
      // Two producers may report the same edge at once: the second insert becomes a touch.
      .onConflict((oc) => oc.constraint('lineage_edges_key').doUpdateSet({ last_seen: now }))
      .execute();
  }
}
