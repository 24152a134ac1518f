import '../../store/schema-intake.js';
import type { Store } from '../../store/database.js';
import type { AssetRow } from '../../store/schema-catalog.js';
import type { Tx } from '../context.js';

/**
 * What the intake knows already exists in the catalog, kept in memory between requests so a warm
 * catalog (producers name the same datasets, jobs and edges on every run) is read and written only
 * when something changed. Trusted only while the store's catalog generation (migration 0017: moved
 * by every update or removal of an asset and every removal of an edge, whoever makes it, in this
 * process or another) is the one the memo was filled under; otherwise it starts over.
 */
export interface CatalogMemo {
  generation: number;
  assets: Map<string, AssetRow>;
  /** Edge key -> its id, column mappings and when last_seen was last written (ms). */
  edges: Map<string, MemoEdge>;
}

export interface MemoEdge {
  id: number;
  columns: Array<{ from: string; to: string }>;
  touchedAt: number;
}

/** What one transaction learned; applied to the memo only once it committed. */
export interface MemoChanges {
  generation: number;
  assets: AssetRow[];
  edges: Array<[string, MemoEdge]>;
  /** The transaction itself moved the generation (it updated an asset): start over next time. */
  reset: boolean;
}

// Past this many names the memo starts over rather than grow without bound (a row can be large).
const LIMIT = 50_000;
const memos = new WeakMap<Store, CatalogMemo>();
let enabled = true;

/** The benchmark compares intake with and without the memo; nothing else turns it off. */
export function setCatalogMemoEnabled(on: boolean): void {
  enabled = on;
}

/** The memo valid in this transaction (read under its snapshot), or undefined when turned off. */
export async function openCatalogMemo(trx: Tx, store: Store): Promise<CatalogMemo | undefined> {
  if (!enabled) return undefined;
  const row = await trx
    .selectFrom('catalog_generation')
    .select('generation')
    .where('id', '=', 1)
    .executeTakeFirst();
  const generation = Number(row?.generation ?? -1);
  const memo = memos.get(store);
  if (memo && memo.generation === generation) return memo;
  const fresh: CatalogMemo = { generation, assets: new Map(), edges: new Map() };
  memos.set(store, fresh);
  return fresh;
}

export function newMemoChanges(memo: CatalogMemo | undefined): MemoChanges {
  return { generation: memo?.generation ?? -1, assets: [], edges: [], reset: false };
}

export function applyMemoChanges(store: Store, changes: MemoChanges): void {
  const memo = memos.get(store);
  if (!memo || memo.generation !== changes.generation) return;
  if (changes.reset || memo.assets.size + memo.edges.size > LIMIT) {
    memos.delete(store);
    return;
  }
  for (const a of changes.assets) memo.assets.set(a.name, a);
  for (const [key, e] of changes.edges) memo.edges.set(key, e);
}
