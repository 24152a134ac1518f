import type { Monitor } from '../domain/monitor.js';
import type {
  BucketProfile,
  ColumnInfo,
  ColumnMetric,
  ColumnPlan,
  MetricValue,
  QueryCost,
  TableSource,
} from '../sources/source.js';
import { DEFAULT_METRICS, VALUE_REVEALING } from './monitor-kinds/column-health.js';
import { detectionSchema, detectorOptions, tableRef } from './monitor-kinds/common.js';
import type { Bounds, JudgeSpec } from './monitor-kinds/judge.js';

/**
 * Column health judges the whole table, so a bucket's own null rate is not what a live run would
 * have seen at that hour. What a live run would have seen is rebuilt from the buckets: the table as
 * of a bucket's end is the rows older than the window (the whole table now less every bucket) plus
 * the buckets up to it. That works for counts, rates, means and extremes; distinct counts, spreads
 * and quantiles do not add up that way and keep learning from live runs.
 */
const ADDITIVE = new Set<ColumnMetric>(['null_count', 'zero_count', 'negative_count', 'empty_count']);
const AVERAGES = new Set<ColumnMetric>(['mean', 'avg_length']);
const HIGHEST = new Set<ColumnMetric>(['max', 'max_length']);
const LOWEST = new Set<ColumnMetric>(['min', 'min_length']);
const COMPOSABLE = new Set<ColumnMetric>([...ADDITIVE, ...AVERAGES, ...HIGHEST, ...LOWEST, 'null_rate']);

interface ColumnHealthConfig {
  columns?: string[];
  metrics?: string[];
  pii?: string[];
  bounds?: Record<string, Bounds>;
  detection?: unknown;
}

/** The kind's own plan (defaults by type, PII rules), cut to what buckets can rebuild. */
export function columnPlan(
  monitor: Monitor,
  described: ColumnInfo[],
): {
  plan: ColumnPlan[];
  wanted: Map<string, ColumnMetric[]>;
  skipped: Array<{ metric: string; reason: string }>;
} {
  const c = monitor.config as ColumnHealthConfig;
  const known = new Map(described.map((col) => [col.name, col]));
  const pii = new Set(c.pii ?? []);
  const plan: ColumnPlan[] = [];
  const wanted = new Map<string, ColumnMetric[]>();
  const skipped: Array<{ metric: string; reason: string }> = [];
  for (const name of c.columns ?? described.map((col) => col.name)) {
    const col = known.get(name);
    if (!col) {
      skipped.push({ metric: name, reason: `column ${name} is not in ${monitor.asset}` });
      continue;
    }
    const all = ((c.metrics as ColumnMetric[] | undefined) ?? DEFAULT_METRICS[col.type]).filter(
      (m) => !(pii.has(name) && VALUE_REVEALING.has(m)),
    );
    const ok = all.filter((m) => COMPOSABLE.has(m));
    for (const m of all.filter((x) => !COMPOSABLE.has(x)))
      skipped.push({ metric: `${name}.${m}`, reason: 'not rebuilt from buckets; learned from live runs' });
    if (ok.length === 0) continue;
    const needs = new Set<ColumnMetric>(ok.filter((m) => m !== 'null_rate'));
    if (ok.some((m) => m === 'null_rate' || AVERAGES.has(m))) needs.add('null_count');
    plan.push({ name, type: col.type, metrics: [...needs] });
    wanted.set(name, ok);
  }
  return { plan, wanted, skipped };
}

const num = (v: MetricValue | undefined): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

interface Series {
  key: string;
  spec: JudgeSpec;
  points: Array<{ time: number; value: number }>;
}

/**
 * Rebuilds each wanted metric as a live run would have measured it at every bucket's end. One
 * whole-table profile (the live run's own query) gives the part of the table older than the window.
 */
export async function columnSeries(
  tables: TableSource,
  monitor: Monitor,
  plan: ColumnPlan[],
  wanted: Map<string, ColumnMetric[]>,
  buckets: BucketProfile[],
  grid: number[],
  step: number,
  opts: { tag: { monitorId: string; purpose: string }; timeoutMs: number },
  now: Date,
): Promise<
  | { series: Series[]; skipped: Array<{ metric: string; reason: string }>; cost: QueryCost }
  | { error: string; cost: QueryCost }
> {
  const whole = await tables.profile(tableRef(monitor.asset), { columns: plan, asOf: now }, opts);
  if (!whole.ok) return { error: whole.error.message, cost: whole.cost };
  const c = monitor.config as ColumnHealthConfig;
  const detection = detectionSchema.parse(c.detection ?? {});
  const byStart = new Map(buckets.map((b) => [Date.parse(b.start), b]));
  const sum = (f: (b: BucketProfile) => number) => buckets.reduce((n, b) => n + f(b), 0);
  const baseRows = Math.max(0, whole.value.rowCount - sum((b) => b.rowCount));
  const series: Series[] = [];
  const skipped: Array<{ metric: string; reason: string }> = [];
  for (const [column, metrics] of wanted) {
    const w = whole.value.columns[column] ?? {};
    const at = (b: BucketProfile | undefined, m: ColumnMetric) =>
      b ? num(b.columns[column]?.[m]) : undefined;
    const nulls = (b: BucketProfile) => at(b, 'null_count') ?? 0;
    const nonNull = (b: BucketProfile) => b.rowCount - nulls(b);
    for (const m of metrics) {
      const key = `${column}.${m}`;
      if (m !== 'null_rate' && num(w[m]) === undefined) {
        const reason =
          typeof w[m] === 'string'
            ? 'not a number (live runs do not judge it either)'
            : 'the engine gave no value for the whole table';
        skipped.push({ metric: key, reason });
        continue;
      }
      const points: Array<{ time: number; value: number }> = [];
      if (ADDITIVE.has(m) || m === 'null_rate') {
        const src: ColumnMetric = m === 'null_rate' ? 'null_count' : m;
        let count = Math.max(0, (num(w[src]) ?? 0) - sum((b) => at(b, src) ?? 0));
        let rows = baseRows;
        for (const t of grid) {
          const b = byStart.get(t);
          count += at(b, src) ?? 0;
          rows += b?.rowCount ?? 0;
          const value = m === 'null_rate' ? (rows > 0 ? count / rows : undefined) : count;
          if (value !== undefined) points.push({ time: t + step, value });
        }
      } else if (AVERAGES.has(m)) {
        const wholeNonNull = whole.value.rowCount - (num(w.null_count) ?? 0);
        let total = (num(w[m]) ?? 0) * wholeNonNull - sum((b) => (at(b, m) ?? 0) * nonNull(b));
        let n = wholeNonNull - sum(nonNull);
        for (const t of grid) {
          const b = byStart.get(t);
          if (b && at(b, m) !== undefined) {
            total += (at(b, m) as number) * nonNull(b);
            n += nonNull(b);
          }
          if (n > 0) points.push({ time: t + step, value: total / n });
        }
      } else {
        const high = HIGHEST.has(m);
        const better = (a: number, b: number) => (high ? a > b : a < b);
        const seen = buckets.map((b) => at(b, m)).filter((v): v is number => v !== undefined);
        const wv = num(w[m]) as number;
        // The whole table's extreme belongs to the older rows only when no bucket reaches it.
        let best: number | undefined = seen.every((v) => better(wv, v)) ? wv : undefined;
        for (const t of grid) {
          const v = at(byStart.get(t), m);
          if (v !== undefined && (best === undefined || better(v, best))) best = v;
          if (best !== undefined) points.push({ time: t + step, value: best });
        }
      }
      series.push({
        key,
        spec: {
          bounds: c.bounds?.[key],
          detector: detection.detector,
          metricKind: 'column',
          options: detectorOptions(detection, `${column} ${m}`),
        },
        points,
      });
    }
  }
  return { series, skipped, cost: whole.cost };
}
