import { AppError, notFound } from '../domain/errors.js';
import type { Monitor } from '../domain/monitor.js';
import type { BucketProfile, ColumnMetric, ColumnPlan, QueryCost, TableSource } from '../sources/source.js';
import { json } from '../store/executor.js';
import { insertMetricPoints } from '../store/repositories/checks.js';
import { findLiveMonitor, updateMonitorRow } from '../store/repositories/monitors.js';
import { findLiveSource } from '../store/repositories/sources.js';
import { mutate, type ServiceContext } from './context.js';
import { type BackfillConfig, backfillSchema } from './monitor-kinds/backfill-config.js';
import { columnPlan, columnSeries } from './backfill-columns.js';
import {
  addCost,
  detectionSchema,
  detectorOptions,
  requireTableSource,
  tableRef,
} from './monitor-kinds/common.js';
import { judge, type JudgeSpec } from './monitor-kinds/judge.js';
import type { MonitorState } from './monitor-kinds/kind.js';
import { monitorState, toMonitor } from './monitor-views.js';
import type { SourceProvider } from './source-provider.js';

export interface BackfillDeps {
  sources: SourceProvider;
  timeoutMs: number;
}

export interface BackfillResult {
  monitorId: string;
  /** `error`: the warehouse refused or failed; nothing was written. */
  status: 'trained' | 'error';
  message: string;
  bucket: 'hour' | 'day';
  since: string | null;
  until: string | null;
  /** Complete buckets replayed (the one still filling is left out). */
  buckets: number;
  points: number;
  metrics: string[];
  /** Points the detectors found anomalous while replaying: the history's own incidents. */
  anomalies: number;
  skipped: Array<{ metric: string; reason: string }>;
  queries: number;
  queryMs: number;
}

/** One metric's replayed values, at each bucket's end (when a live run would have seen them). */
interface Series {
  key: string;
  spec: JudgeSpec | undefined;
  points: Array<{ time: number; value: number }>;
}

interface Collected {
  series: Series[];
  buckets: number;
  skipped: BackfillResult['skipped'];
  memory?: Record<string, unknown>;
  nextRunAt?: Date;
}

const STEP = { hour: 3_600_000, day: 86_400_000 } as const;
const BACKFILLABLE = new Set(['volume', 'column_health']);

/**
 * Trains a new monitor's baseline from the table's own past: one grouped query reads the metrics
 * of every hour (or day) of the last N days, and the complete buckets are replayed through the
 * monitor's detectors under the same keys the live runs use. The points are stored at each
 * bucket's end and the trained state replaces those keys' state, so the next live run is judged
 * instead of "learning". `options` override `config.backfill`.
 */
export async function backfillMonitor({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { monitorId: string; deps: BackfillDeps; options?: Partial<BackfillConfig> | undefined };
}): Promise<BackfillResult> {
  const row = await findLiveMonitor(ctx.store.db, input.monitorId);
  if (!row) throw notFound('monitor', input.monitorId);
  const monitor = toMonitor(row);
  if (!BACKFILLABLE.has(monitor.kind))
    throw new AppError('VALIDATION_FAILED', `a ${monitor.kind} monitor cannot be backfilled`, [
      { path: 'kind', message: 'backfill trains volume and column_health monitors' },
    ]);
  const parsed = backfillSchema.safeParse({
    ...((monitor.config.backfill as object | undefined) ?? {}),
    ...input.options,
  });
  if (!parsed.success)
    throw new AppError(
      'VALIDATION_FAILED',
      'backfill needs a timestampColumn (in config.backfill or the request)',
      parsed.error.issues.map((i) => ({ path: ['backfill', ...i.path].join('.'), message: i.message })),
    );
  const b = parsed.data;
  const sourceRow = await findLiveSource(ctx.store.db, row.source_id);
  const tables = sourceRow ? requireTableSource(input.deps.sources.get(sourceRow)) : undefined;
  const base = {
    monitorId: row.id,
    bucket: b.bucket,
    since: null,
    until: null,
    buckets: 0,
    points: 0,
    metrics: [],
    anomalies: 0,
    skipped: [],
  };
  if (!tables)
    return { ...base, status: 'error', message: 'backfill needs a SQL source', queries: 0, queryMs: 0 };
  const now = ctx.clock.now();
  const opts = { tag: { monitorId: row.id, purpose: 'backfill' }, timeoutMs: input.deps.timeoutMs };
  const step = STEP[b.bucket];
  let cost: QueryCost = { queries: 0, wallMs: 0 };
  const fail = (message: string): BackfillResult => ({
    ...base,
    status: 'error',
    message,
    queries: cost.queries,
    queryMs: Math.round(cost.wallMs),
  });

  // Column health needs its plan (the kind's own defaults) before the grouped query.
  let plan: ColumnPlan[] = [];
  let wanted = new Map<string, ColumnMetric[]>();
  let skipped: BackfillResult['skipped'] = [];
  if (monitor.kind === 'column_health') {
    const described = await tables.describeTable(tableRef(monitor.asset), opts);
    cost = addCost(cost, described.cost);
    if (!described.ok) return fail(described.error.message);
    ({ plan, wanted, skipped } = columnPlan(monitor, described.value));
  }
  const res = await tables.backfill(
    tableRef(monitor.asset),
    { columns: plan, asOf: now },
    { timestampColumn: b.timestampColumn, bucket: b.bucket, days: b.days, asOf: now },
    opts,
  );
  cost = addCost(cost, res.cost);
  if (!res.ok) return fail(res.error.message);
  const currentStart = Math.floor(now.getTime() / step) * step;
  const grid = bucketGrid(res.value.buckets, currentStart, step);
  const collected =
    monitor.kind === 'volume'
      ? await volumeSeries(tables, monitor, res.value.buckets, grid, currentStart, step, opts)
      : {
          ...(await columnSeries(tables, monitor, plan, wanted, res.value.buckets, grid, step, opts, now)),
          buckets: grid.length,
        };
  cost = addCost(cost, collected.cost);
  if ('error' in collected) return fail(collected.error);
  skipped = [...skipped, ...collected.skipped];

  // Replay: the trained keys start afresh, so an older bucket never follows a newer live point.
  const state = monitorState(row);
  const keys = new Set(collected.series.map((s) => s.key));
  let next: MonitorState = {
    detectors: Object.fromEntries(Object.entries(state.detectors).filter(([k]) => !keys.has(k))),
    memory: { ...state.memory, ...(collected.memory ?? {}) },
  };
  let anomalies = 0;
  for (const s of collected.series) {
    if (!s.spec) continue;
    for (const p of s.points) {
      const j = judge(next, s.key, new Date(p.time), p.value, s.spec);
      next = j.state;
      if (j.verdict.status === 'anomaly') anomalies++;
    }
  }
  const points = collected.series.flatMap((s) =>
    s.points.map((p) => ({
      monitor_id: row.id,
      metric: s.key,
      segment: '',
      at: new Date(p.time),
      value: p.value,
    })),
  );
  const result: BackfillResult = {
    ...base,
    status: 'trained',
    message: `trained on ${collected.buckets} ${b.bucket}${collected.buckets === 1 ? '' : 's'} of ${monitor.asset} by ${b.timestampColumn}`,
    since: grid.length ? new Date(grid[0] as number).toISOString() : null,
    until: grid.length ? new Date((grid.at(-1) as number) + step).toISOString() : null,
    buckets: collected.buckets,
    points: points.length,
    metrics: [...keys].filter((k) => collected.series.some((s) => s.key === k && s.spec)),
    anomalies,
    skipped,
    queries: cost.queries,
    queryMs: Math.round(cost.wallMs),
  };
  await mutate(ctx, async (trx) => {
    if (points.length) await insertMetricPoints(trx, points);
    await updateMonitorRow(trx, row.id, {
      detector_state: json(next),
      ...(collected.nextRunAt ? { next_run_at: collected.nextRunAt } : {}),
      updated_at: ctx.clock.now(),
    });
    return {
      result: undefined,
      audit: {
        action: 'monitor.backfill',
        targetType: 'monitor',
        targetId: row.id,
        summary: `backfilled monitor "${row.name}": ${result.message}`,
        after: result,
      },
    };
  });
  return result;
}

/** Bucket starts from the first bucket with rows to the last complete one: an empty hour is 0 rows. */
function bucketGrid(buckets: BucketProfile[], currentStart: number, step: number): number[] {
  const first = buckets.map((b) => Date.parse(b.start)).find((t) => t < currentStart);
  const out: number[] = [];
  if (first === undefined) return out;
  for (let t = first; t < currentStart; t += step) out.push(t);
  return out;
}

type Opts = { tag: { monitorId: string; purpose: string }; timeoutMs: number };
type SeriesResult = (Collected & { cost: QueryCost }) | { error: string; cost: QueryCost };

/**
 * Volume: rows per bucket are the rows a live run an hour (day) apart would have seen added. The
 * row count at each bucket's end is the count now less the rows of later buckets, and the count at
 * the current bucket's start becomes the live runs' starting point; the first live run is due at
 * the current bucket's end, so it measures one whole bucket.
 */
async function volumeSeries(
  tables: TableSource,
  monitor: Monitor,
  buckets: BucketProfile[],
  grid: number[],
  currentStart: number,
  step: number,
  opts: Opts,
): Promise<SeriesResult> {
  const c = monitor.config as { exact?: boolean; on?: 'rows_added' | 'row_count' };
  const stats = await tables.tableStats(tableRef(monitor.asset), {
    ...opts,
    exactRowCount: c.exact ?? false,
  });
  if (!stats.ok) return { error: stats.error.message, cost: stats.cost };
  const countNow = stats.value.rowCount?.value;
  if (countNow === undefined)
    return { error: `the source gave no row count for ${monitor.asset}`, cost: stats.cost };
  const rows = new Map(buckets.map((b) => [Date.parse(b.start), b.rowCount]));
  const filling = buckets
    .filter((b) => Date.parse(b.start) >= currentStart)
    .reduce((n, b) => n + b.rowCount, 0);
  const atBoundary = countNow - filling;
  const added = grid.map((t) => ({ time: t + step, value: rows.get(t) ?? 0 }));
  let later = 0;
  const counts = [...added].reverse().map((p) => {
    const value = atBoundary - later;
    later += p.value;
    return { time: p.time, value };
  });
  counts.reverse();
  const on = c.on ?? 'rows_added';
  const detection = detectionSchema.parse(monitor.config.detection ?? {});
  const spec: JudgeSpec = {
    bounds: monitor.config.bounds as JudgeSpec['bounds'],
    detector: detection.detector,
    metricKind: 'volume',
    options: detectorOptions(detection, on === 'row_count' ? 'row count' : 'rows added'),
  };
  return {
    series: [
      { key: 'rows_added', spec: on === 'rows_added' ? spec : undefined, points: added },
      { key: 'row_count', spec: on === 'row_count' ? spec : undefined, points: counts },
    ],
    buckets: grid.length,
    skipped: [],
    memory: { rowCount: atBoundary },
    nextRunAt: new Date(currentStart + step),
    cost: stats.cost,
  };
}
