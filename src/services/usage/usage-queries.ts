import { sql } from 'kysely';
import type { Executor } from '../../store/executor.js';
import { findAsset } from '../catalog/catalog-queries.js';

/** How much an asset is used: reads the warehouse counted, and Vigil's own check runs on it. */
export interface AssetUsage {
  asset: string;
  warehouse: {
    /** False until some PostgreSQL source with pg_stat_statements was read; `reason` says why. */
    available: boolean;
    reason: string | null;
    reads: number | null;
    writes: number | null;
    collectedAt: string | null;
  };
  vigil: { days: number; checks: number; monitors: number };
}

const DAY = 86_400_000;

/**
 * Monitors name tables as schema.table; the catalog names them namespace/database.schema.table.
 * A monitor is on the asset when its asset is the full name or the name's last parts.
 */
const monitorOn = (name: string) =>
  sql<boolean>`(m.asset = ${name} OR ${name} LIKE '%.' || m.asset OR ${name} LIKE '%/' || m.asset)`;

async function vigilReads(db: Executor, name: string, since: Date) {
  const row = await db
    .selectFrom('check_results as c')
    .innerJoin('monitors as m', 'm.id', 'c.monitor_id')
    .select((eb) => [
      eb.fn.countAll<number>().as('checks'),
      eb.fn.count<number>('m.id').distinct().as('monitors'),
    ])
    .where(monitorOn(name))
    .where('c.at', '>=', since)
    .executeTakeFirst();
  return { checks: Number(row?.checks ?? 0), monitors: Number(row?.monitors ?? 0) };
}

async function warehouseStatus(db: Executor) {
  const rows = await db.selectFrom('usage_sources').selectAll().execute();
  const available = rows.some((r) => r.available);
  const reason = available
    ? null
    : rows.length === 0
      ? 'usage has not been read yet: it is read hourly from PostgreSQL sources with pg_stat_statements (POST /api/v1/usage/collect reads it now)'
      : [...new Set(rows.map((r) => r.reason).filter((r): r is string => r !== null))].join('; ');
  return { available, reason };
}

export async function assetUsage(db: Executor, name: string, now: Date, days: number): Promise<AssetUsage> {
  const asset = await findAsset(db, name);
  const status = await warehouseStatus(db);
  const row = await db
    .selectFrom('asset_usage')
    .select((eb) => [
      eb.fn.sum<number>('reads').as('reads'),
      eb.fn.sum<number>('writes').as('writes'),
      eb.fn.max('collected_at').as('at'),
    ])
    .where('asset', '=', asset.name)
    .executeTakeFirst();
  const seen = row?.at != null;
  return {
    asset: asset.name,
    warehouse: {
      ...status,
      reads: status.available ? Number(seen ? row!.reads : 0) : null,
      writes: status.available ? Number(seen ? row!.writes : 0) : null,
      collectedAt: seen ? new Date(row!.at as Date | string).toISOString() : null,
    },
    vigil: { days, ...(await vigilReads(db, asset.name, new Date(now.getTime() - days * DAY))) },
  };
}

export interface UsedAsset {
  asset: string;
  warehouseReads: number;
  warehouseWrites: number;
  vigilChecks: number;
}

/** The most used assets: by warehouse reads, then by Vigil's own checks on them. */
export async function mostUsedAssets(
  db: Executor,
  now: Date,
  input: { days: number; limit: number },
): Promise<{ warehouse: { available: boolean; reason: string | null }; items: UsedAsset[] }> {
  const status = await warehouseStatus(db);
  const reads = await db
    .selectFrom('asset_usage')
    .select((eb) => [
      'asset',
      eb.fn.sum<number>('reads').as('reads'),
      eb.fn.sum<number>('writes').as('writes'),
    ])
    .groupBy('asset')
    .orderBy('reads', 'desc')
    .limit(input.limit)
    .execute();
  const checks = await db
    .selectFrom('check_results as c')
    .innerJoin('monitors as m', 'm.id', 'c.monitor_id')
    .select((eb) => ['m.asset', eb.fn.countAll<number>().as('checks')])
    .where('c.at', '>=', new Date(now.getTime() - input.days * DAY))
    .where('m.deleted_at', 'is', null)
    .groupBy('m.asset')
    .execute();
  const items = new Map<string, UsedAsset>();
  for (const r of reads) {
    items.set(r.asset, {
      asset: r.asset,
      warehouseReads: Number(r.reads),
      warehouseWrites: Number(r.writes),
      vigilChecks: 0,
    });
  }
  for (const c of checks) {
    // A monitor's schema.table matches the catalog name that ends with it.
    const key =
      [...items.keys()].find(
        (k) => k === c.asset || k.endsWith(`.${c.asset}`) || k.endsWith(`/${c.asset}`),
      ) ?? c.asset;
    const cur = items.get(key) ?? { asset: key, warehouseReads: 0, warehouseWrites: 0, vigilChecks: 0 };
    cur.vigilChecks += Number(c.checks);
    items.set(key, cur);
  }
  const sorted = [...items.values()].sort(
    (a, b) =>
      b.warehouseReads - a.warehouseReads || b.vigilChecks - a.vigilChecks || a.asset.localeCompare(b.asset),
  );
  return { warehouse: status, items: sorted.slice(0, input.limit) };
}
