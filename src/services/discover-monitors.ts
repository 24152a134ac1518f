import { AppError } from '../domain/errors.js';
import type { MonitorKind, Schedule, Severity } from '../domain/monitor.js';
import type { ColumnInfo, TableInfo, TableSource } from '../sources/source.js';
import { listLiveMonitors } from '../store/repositories/monitors.js';
import { findLiveSource } from '../store/repositories/sources.js';
import { type BackfillDeps, type BackfillResult, backfillMonitor } from './backfill-monitor.js';
import type { ServiceContext } from './context.js';
import { requireTableSource } from './monitor-kinds/common.js';
import { createMonitor, monitorInputSchema } from './monitors.js';

/**
 * Column names that say "when this row arrived", best first: the load time tells freshness
 * better than the time the event happened, which may lag by design.
 */
const TIMESTAMP_NAMES = [
  'loaded_at',
  '_loaded_at',
  'updated_at',
  '_updated_at',
  'modified_at',
  'ingested_at',
  'inserted_at',
  '_etl_loaded_at',
  '_fivetran_synced',
  '_airbyte_emitted_at',
  'created_at',
  'event_time',
  'event_timestamp',
  'timestamp',
];

const DISCOVERED_KINDS = ['freshness', 'volume', 'schema'] as const;

export interface DiscoverInput {
  /** Source id or name. */
  source: string;
  /** Globs on `schema.table` (`*` any run, `?` one character), case-insensitive. */
  exclude?: string[] | undefined;
  dryRun?: boolean | undefined;
  schedule?: Schedule | undefined;
  owner?: string | undefined;
  severity?: Severity | undefined;
  /** Also train each new volume monitor from its table's history (needs a timestamp column). */
  backfill?: { days: number; bucket: 'hour' | 'day' } | undefined;
  deps: BackfillDeps;
}

export interface DiscoveredMonitor {
  asset: string;
  kind: MonitorKind;
  name: string;
  config: Record<string, unknown>;
  /** Set once created (never in a dry run). */
  id?: string | undefined;
  backfill?: BackfillResult | undefined;
}

export interface DiscoverResult {
  source: string;
  dryRun: boolean;
  /** Tables listed by the source, before exclusions. */
  tables: number;
  monitors: DiscoveredMonitor[];
  skipped: Array<{ asset: string; kind?: MonitorKind | undefined; reason: string }>;
  /** The source could not list its tables: its own safe message. */
  error?: string | undefined;
}

export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

/** The column freshness is read from: a known load-time name, else the first timestamp column. */
export function pickTimestampColumn(columns: ColumnInfo[]): string | undefined {
  const stamps = columns.filter((c) => c.type === 'timestamp');
  for (const name of TIMESTAMP_NAMES) {
    const hit = stamps.find((c) => c.name.toLowerCase() === name);
    if (hit) return hit.name;
  }
  return stamps.sort((a, b) => a.position - b.position)[0]?.name;
}

/**
 * Monitors every table of a source out of the box: freshness, volume and schema, as the
 * commercial tools do on connect. Tables that match an exclude glob, and monitors that exist
 * already (same kind on the same table), are left alone. Each monitor is created through
 * createMonitor, so each is validated and audited like one made by hand.
 */
export async function discoverMonitors({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: DiscoverInput;
}): Promise<DiscoverResult> {
  const sourceRow = await findLiveSource(ctx.store.db, input.source);
  if (!sourceRow)
    throw new AppError('VALIDATION_FAILED', `no source ${input.source}`, [
      { path: 'source', message: 'no such source' },
    ]);
  const tables = requireTableSource(input.deps.sources.get(sourceRow));
  if (!tables)
    throw new AppError('VALIDATION_FAILED', `source ${sourceRow.name} has no tables to discover`, [
      { path: 'source', message: 'discover needs a SQL source' },
    ]);
  const dryRun = input.dryRun ?? false;
  const result: DiscoverResult = { source: sourceRow.name, dryRun, tables: 0, monitors: [], skipped: [] };
  const opts = { tag: { purpose: 'discover' }, timeoutMs: input.deps.timeoutMs };
  const listed = await tables.listTables(opts);
  if (!listed.ok) return { ...result, error: listed.error.message };
  result.tables = listed.value.length;
  const excludes = (input.exclude ?? []).map(globToRegExp);
  const existing = await listLiveMonitors(ctx.store.db, { sourceId: sourceRow.id });
  const have = new Set(existing.map((m) => `${m.kind}\u0000${m.asset.toLowerCase()}`));
  const names = new Set((await listLiveMonitors(ctx.store.db)).map((m) => m.name));

  for (const table of [...listed.value].sort(byAsset)) {
    const asset = `${table.schema}.${table.name}`;
    if (table.type === 'view') {
      result.skipped.push({ asset, reason: 'a view: it loads nothing itself; monitor the tables under it' });
      continue;
    }
    const pattern = excludes.find((re) => re.test(asset));
    if (pattern) {
      result.skipped.push({ asset, reason: `excluded by ${input.exclude?.[excludes.indexOf(pattern)]}` });
      continue;
    }
    const wanted = DISCOVERED_KINDS.filter((kind) => {
      if (!have.has(`${kind}\u0000${asset.toLowerCase()}`)) return true;
      result.skipped.push({ asset, kind, reason: 'has this monitor already' });
      return false;
    });
    if (wanted.length === 0) continue;
    const configs = await planConfigs(tables, table, wanted, input, opts);
    for (const kind of wanted) {
      const config = configs[kind] ?? {};
      if (typeof config === 'string') {
        result.skipped.push({ asset, kind, reason: config });
        continue;
      }
      const name = `${asset} ${kind}`;
      if (names.has(name)) {
        result.skipped.push({ asset, kind, reason: `a monitor named "${name}" exists on another table` });
        continue;
      }
      names.add(name);
      const planned: DiscoveredMonitor = { asset, kind, name, config };
      result.monitors.push(planned);
      if (dryRun) continue;
      const created = await createMonitor({
        ctx,
        input: monitorInputSchema.parse({
          name,
          kind,
          source: sourceRow.id,
          asset,
          config,
          ...(input.schedule ? { schedule: input.schedule } : {}),
          ...(input.severity ? { severity: input.severity } : {}),
          ...(input.owner ? { owner: input.owner } : {}),
          description: 'created by discover',
        }),
      });
      planned.id = created.id;
      // After the create committed: a warehouse failure here leaves the monitor learning live.
      if (config.backfill)
        planned.backfill = await backfillMonitor({ ctx, input: { monitorId: created.id, deps: input.deps } });
    }
  }
  return result;
}

const byAsset = (a: TableInfo, b: TableInfo) =>
  `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`);

/** Each kind's config, or the reason it cannot be made for this table. */
async function planConfigs(
  tables: TableSource,
  table: TableInfo,
  wanted: ReadonlyArray<(typeof DISCOVERED_KINDS)[number]>,
  input: DiscoverInput,
  opts: { tag: { purpose: string }; timeoutMs: number },
): Promise<Record<string, Record<string, unknown> | string>> {
  const out: Record<string, Record<string, unknown> | string> = { schema: {}, volume: {} };
  if (!wanted.includes('freshness') && !(wanted.includes('volume') && input.backfill)) return out;
  const ref = { schema: table.schema, name: table.name };
  const described = await tables.describeTable(ref, opts);
  if (!described.ok) {
    for (const kind of wanted) out[kind] = `could not read its columns: ${described.error.message}`;
    return out;
  }
  const column = pickTimestampColumn(described.value);
  if (column && input.backfill) out.volume = { backfill: { timestampColumn: column, ...input.backfill } };
  if (!wanted.includes('freshness')) return out;
  if (column) {
    out.freshness = { timestampColumn: column };
    return out;
  }
  // No timestamp column: freshness still works where the engine keeps a modified time or counters.
  const stats = await tables.tableStats(ref, opts);
  out.freshness =
    stats.ok && (stats.value.lastModified || stats.value.changeCounters)
      ? {}
      : `no timestamp column, and ${tables.kind} keeps no modified time for tables`;
  return out;
}
