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
  /** Oldest first, one entry per UTC day of the window. */
  byDay: UsageDay[];
}

export interface UsageDay {
  day: string;
  /** Warehouse reads counted that day; null when no two readings bound it. */
  reads: number | null;
  writes: number | null;
  /** Vigil's own check runs on the asset that day. */
  checks: number;
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

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Reads per day from each day's last reading of the cumulative counters: a day counts what grew
 * since the reading before it (a drop means the counters were reset, so the new value is the count).
 */
async function usageByDay(db: Executor, name: string, now: Date, days: number): Promise<UsageDay[]> {
  const start = new Date(now.getTime() - (days - 1) * DAY);
  const out = new Map<string, UsageDay>();
  for (let d = start.getTime(); dayOf(new Date(d)) <= dayOf(now); d += DAY)
    out.set(dayOf(new Date(d)), { day: dayOf(new Date(d)), reads: null, writes: null, checks: 0 });
  const readings = await db
    .selectFrom('asset_usage_daily')
    .select(['source_id', 'day', 'reads', 'writes'])
    .where('asset', '=', name)
    .where('day', '>=', dayOf(new Date(start.getTime() - 7 * DAY)))
    .orderBy('source_id')
    .orderBy('day')
    .execute();
  let prev: (typeof readings)[number] | undefined;
  for (const r of readings) {
    const before = prev?.source_id === r.source_id ? prev : undefined;
    prev = r;
    const slot = out.get(r.day);
    if (!before || !slot) continue;
    const grew = (cur: number, old: number) => (cur >= old ? cur - old : cur);
    slot.reads = (slot.reads ?? 0) + grew(Number(r.reads), Number(before.reads));
    slot.writes = (slot.writes ?? 0) + grew(Number(r.writes), Number(before.writes));
  }
  const checks = await db
    .selectFrom('check_results as c')
    .innerJoin('monitors as m', 'm.id', 'c.monitor_id')
    .select((eb) => [
      sql<string>`to_char(c.at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`.as('day'),
      eb.fn.countAll<number>().as('checks'),
    ])
    .where(monitorOn(name))
    .where('c.at', '>=', new Date(`${dayOf(start)}T00:00:00Z`))
    .groupBy(sql`1`)
    .execute();
  for (const c of checks) {
    const slot = out.get(c.day);
    if (slot) slot.checks = Number(c.checks);
  }
  return [...out.values()];
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
    byDay: await usageByDay(db, asset.name, now, days),
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
