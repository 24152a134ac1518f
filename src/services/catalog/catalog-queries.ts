import { sql } from 'kysely';
import { notFound } from '../../domain/errors.js';
import {
  buildLineageGraph,
  type LineageGraph,
  walkDownstream,
  walkUpstream,
} from '../../domain/lineage-graph.js';
import type { Executor } from '../../store/executor.js';
import type { AlertRow, MonitorRow } from '../../store/schema.js';
import type { AssetRow } from '../../store/schema-catalog.js';

export interface AssetQuery {
  q?: string | undefined;
  type?: string | undefined;
  owner?: string | undefined;
  tag?: string | undefined;
  limit: number;
}

const like = (text: string) => `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

/** Search by text in the name or description, filtered by type, owner and tag; names in order. */
export async function searchAssets(db: Executor, query: AssetQuery): Promise<AssetRow[]> {
  let q = db
    .selectFrom('assets')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .limit(query.limit);
  if (query.type) q = q.where('type', '=', query.type);
  if (query.owner) q = q.where('owner', '=', query.owner);
  if (query.tag) q = q.where(sql<boolean>`tags @> ${JSON.stringify([query.tag])}::jsonb`);
  if (query.q) {
    const text = like(query.q);
    q = q.where((eb) => eb.or([eb('name', 'ilike', text), eb('description', 'ilike', text)]));
  }
  return q.execute();
}

export async function findAsset(db: Executor, name: string): Promise<AssetRow> {
  const row = await db
    .selectFrom('assets')
    .selectAll()
    .where('name', '=', name)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('asset', name);
  return row;
}

/** One asset with the monitors watching it and the alerts firing on it. */
export async function assetDetail(
  db: Executor,
  name: string,
): Promise<{ asset: AssetRow; monitors: MonitorRow[]; alerts: AlertRow[] }> {
  const asset = await findAsset(db, name);
  const monitors = await db
    .selectFrom('monitors')
    .selectAll()
    .where('asset', '=', name)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
  const alerts = await db
    .selectFrom('alerts')
    .selectAll()
    .where('status', '=', 'firing')
    .where(sql<boolean>`labels->>'asset' = ${name}`)
    .orderBy('last_seen_at', 'desc')
    .limit(200)
    .execute();
  return { asset, monitors, alerts };
}

/**
 * The whole edge list in one query, built into the compact graph. Edges are small rows (two names
 * and a job), so tens of thousands load in well under a second; a walk then touches only what it reaches.
 */
export async function loadLineageGraph(db: Executor): Promise<LineageGraph> {
  const rows = await db
    .selectFrom('lineage_edges')
    .select(['from_asset', 'to_asset', 'via_job', 'columns'])
    .execute();
  return buildLineageGraph(
    rows.map((r) => ({
      from: r.from_asset,
      to: r.to_asset,
      ...(r.via_job ? { via: r.via_job } : {}),
      columns: r.columns,
    })),
  );
}

export interface LineageNode {
  name: string;
  depth: number;
  path: string[];
  via: (string | null)[];
  type: string | null;
  owner: string | null;
}

async function describe(db: Executor, names: string[]): Promise<Map<string, AssetRow>> {
  if (names.length === 0) return new Map();
  const rows = await db
    .selectFrom('assets')
    .selectAll()
    .where('name', 'in', names)
    .where('deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.name, r]));
}

/** Upstream or downstream of an asset, nearest first, up to `depth` hops. */
export async function lineageOf(
  db: Executor,
  input: { name: string; direction: 'upstream' | 'downstream'; depth: number },
): Promise<{
  asset: AssetRow;
  nodes: LineageNode[];
  edges: Array<{ from: string; to: string; via: string | null }>;
}> {
  const asset = await findAsset(db, input.name);
  const graph = await loadLineageGraph(db);
  const walk = input.direction === 'upstream' ? walkUpstream : walkDownstream;
  const found = walk(graph, asset.name, { maxDepth: input.depth });
  const info = await describe(
    db,
    found.map((n) => n.id),
  );
  const inside = new Set([asset.name, ...found.map((n) => n.id)]);
  const edges = graph.edges
    .filter((e) => inside.has(e.from) && inside.has(e.to))
    .map((e) => ({ from: e.from, to: e.to, via: e.via ?? null }));
  return {
    asset,
    edges,
    nodes: found.map((n) => ({
      name: n.id,
      depth: n.depth,
      path: n.path,
      via: n.via.map((v) => v ?? null),
      type: info.get(n.id)?.type ?? null,
      owner: info.get(n.id)?.owner ?? null,
    })),
  };
}

/** The blast radius of an asset: everything downstream, and who owns it. */
export async function impactOfAsset(
  db: Executor,
  name: string,
): Promise<{ asset: AssetRow; assets: LineageNode[]; owners: string[] }> {
  const { asset, nodes } = await lineageOf(db, { name, direction: 'downstream', depth: 1_000_000 });
  const owners = [...new Set(nodes.map((n) => n.owner).filter((o): o is string => o !== null))].sort();
  return { asset, assets: nodes, owners };
}
