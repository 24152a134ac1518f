import { json } from '../../store/executor.js';
import type { AssetRow } from '../../store/schema-catalog.js';
import type { Tx } from '../context.js';
import type { CatalogMemo, MemoChanges, MemoEdge } from './intake-memo.js';
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
 * first events of a job almost nothing is written, and with the intake memo (intake-memo.ts) not
 * even read.
 */

const CHUNK = 500;
const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** How one intake transaction writes: whether to lock rows it reads, and the memo to consult. */
export interface BatchOptions {
  /** Lock the rows read before writing them (a shared PostgreSQL store; the embedded one has one writer). */
  lock: boolean;
  memo?: CatalogMemo | undefined;
  /** What this transaction learned, for the memo once it commits. */
  changes: MemoChanges;
}

/** Upserts every observed asset (several observations of one name fold in order); returns the names. */
export async function upsertAssets(
  trx: Tx,
  observed: ObservedAsset[],
  now: Date,
  opts: BatchOptions,
): Promise<Set<string>> {
  const names = [...new Set(observed.map(fullName))];
  // Names the memo answers with "nothing to write" need no read at all.
  const known = new Map<string, AssetRow>();
  if (opts.memo) {
    const after = new Map<string, AssetRow>();
    for (const a of observed) {
      const name = fullName(a);
      const current = after.get(name) ?? opts.memo.assets.get(name);
      if (current) after.set(name, mergeAsset(current, a, now));
    }
    for (const [name, row] of after) {
      const cached = opts.memo.assets.get(name);
      if (cached && !assetChanged(cached, row)) known.set(name, cached);
    }
  }
  const before = new Map<string, AssetRow>();
  for (const part of chunks(names.filter((n) => !known.has(n)))) {
    let q = trx.selectFrom('assets').selectAll().where('name', 'in', part).where('deleted_at', 'is', null);
    if (opts.lock) q = q.forUpdate();
    for (const r of await q.execute()) before.set(r.name, r);
  }
  const after = new Map<string, AssetRow>();
  for (const a of observed) {
    const name = fullName(a);
    if (known.has(name)) continue;
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
    if (old && assetChanged(old, row)) {
      await writeAssetUpdate(trx, row);
      opts.changes.reset = true;
    } else if (old) opts.changes.assets.push(old);
  }
  // On the embedded store nothing races the insert, so the new rows are what the store holds. On
  // PostgreSQL another writer's row may have won it (kept, see above): it is learnt at the next read.
  if (fresh.length > 0 && !opts.lock) opts.changes.assets.push(...fresh);
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

/** last_seen is informative: written at most once a minute per edge, not on every event. */
const TOUCH_EVERY_MS = 60_000;

/** One edge per (from, to, job): new ones inserted together, seen ones touched together. */
export async function upsertEdges(trx: Tx, edges: EdgeInput[], now: Date, opts: BatchOptions): Promise<void> {
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
  const existing = new Map<string, MemoEdge>();
  const unknown = new Set<string>();
  for (const [key, e] of wanted) {
    const m = opts.memo?.edges.get(key);
    const cols = m && new Set(m.columns.map(columnKey));
    // Edges are never removed without moving the generation: one the memo knows still exists.
    if (m && cols && e.columns.every((c) => cols.has(columnKey(c)))) existing.set(key, m);
    else unknown.add(e.from);
  }
  for (const part of chunks([...unknown])) {
    const rows = await trx
      .selectFrom('lineage_edges')
      .select(['id', 'from_asset', 'to_asset', 'via_job', 'columns', 'last_seen'])
      .where('from_asset', 'in', part)
      .execute();
    for (const r of rows) {
      const key = edgeKey(r.from_asset, r.to_asset, r.via_job);
      if (wanted.has(key) && !existing.has(key))
        existing.set(key, {
          id: Number(r.id),
          columns: r.columns,
          touchedAt: new Date(r.last_seen).getTime(),
        });
    }
  }
  const touch: number[] = [];
  for (const [key, e] of wanted) {
    const old = existing.get(key);
    if (!old) continue;
    const known = new Set(old.columns.map(columnKey));
    const added = e.columns.filter((c) => !known.has(columnKey(c)));
    if (added.length > 0) {
      const columns = [...old.columns, ...added];
      await trx
        .updateTable('lineage_edges')
        .set({ last_seen: now, columns: json(columns) })
        .where('id', '=', old.id)
        .execute();
      opts.changes.edges.push([key, { id: old.id, columns, touchedAt: now.getTime() }]);
    } else if (now.getTime() - old.touchedAt >= TOUCH_EVERY_MS) {
      touch.push(old.id);
      opts.changes.edges.push([key, { ...old, touchedAt: now.getTime() }]);
    } else opts.changes.edges.push([key, old]);
  }
  for (const part of chunks(touch)) {
    await trx.updateTable('lineage_edges').set({ last_seen: now }).where('id', 'in', part).execute();
  }
  const fresh = [...wanted.entries()].filter(([key]) => !existing.has(key));
  for (const part of chunks(fresh)) {
    const rows = await trx
      .insertInto('lineage_edges')
      .values(
        part.map(([, e]) => ({
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
      .returning(['id', 'from_asset', 'to_asset', 'via_job', 'columns'])
      .execute();
    for (const r of rows) {
      opts.changes.edges.push([
        edgeKey(r.from_asset, r.to_asset, r.via_job),
        { id: Number(r.id), columns: r.columns, touchedAt: now.getTime() },
      ]);
    }
  }
}
