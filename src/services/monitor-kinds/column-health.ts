import { z } from 'zod';
import type { Verdict } from '../../detect/index.js';
import type { CheckOutcome } from '../../domain/monitor.js';
import type {
  ColumnMetric,
  ColumnPlan,
  EstimatedMetric,
  LogicalType,
  MetricPlan,
  ProfileAccuracy,
  ProfileResult,
} from '../../sources/source.js';
import {
  boundsSchema,
  detectionSchema,
  detectorOptions,
  errorOutcome,
  notATableSource,
  requireTableSource,
  tableRef,
} from './common.js';
import { backfillSchema } from './backfill-config.js';
import { judge, outcomeOf } from './judge.js';
import type { MetricSample, MonitorKindStrategy, MonitorState } from './kind.js';

export const DEFAULT_METRICS: Record<LogicalType, ColumnMetric[]> = {
  number: ['null_rate', 'distinct_ratio', 'min', 'max', 'mean', 'stddev', 'zero_count', 'negative_count'],
  string: ['null_rate', 'distinct_ratio', 'empty_count', 'avg_length'],
  timestamp: ['null_rate', 'max', 'future_count'],
  date: ['null_rate', 'max', 'future_count'],
  boolean: ['null_rate'],
  other: ['null_rate'],
};

/** Metrics that would show a value of the column: never computed on PII columns. */
export const VALUE_REVEALING = new Set<ColumnMetric>(['min', 'max', 'p25', 'p50', 'p75', 'p95']);

const config = z
  .object({
    /** Columns to watch; all columns when absent. */
    columns: z.array(z.string().min(1)).optional(),
    /** Metrics for every watched column, instead of the defaults by type. */
    metrics: z.array(z.string()).optional(),
    /** Columns tagged PII: measured (nulls, distinct, lengths) but never sampled. */
    pii: z.array(z.string()).default([]),
    /** Static bounds by `column.metric`, e.g. { "amount.null_rate": { "max": 0.01 } }. */
    bounds: z.record(z.string(), boundsSchema).default({}),
    segmentBy: z
      .object({ column: z.string().min(1), limit: z.number().int().min(1).max(100).default(20) })
      .strict()
      .optional(),
    detection: detectionSchema,
    /** Train the baseline from the table's own history on create (see backfill-config.ts). */
    backfill: backfillSchema.optional(),
    /**
     * `estimated`: distinct counts and quantiles from sketches and samples, several times cheaper
     * on large tables, each estimate named in the check result. `auto` (the default) estimates
     * once the table has passed 1,000,000 rows.
     */
    accuracy: z.enum(['auto', 'exact', 'estimated']).default('auto'),
  })
  .strict()
  .refine((c) => !(c.backfill && c.segmentBy), {
    message: 'backfill does not support segmented monitors yet',
    path: ['backfill'],
  });

type ColumnHealthConfig = z.infer<typeof config>;

/** Tables this large are profiled with estimates when a monitor's accuracy is `auto`. */
export const ESTIMATE_FROM_ROWS = 1_000_000;
const PROFILE_MEMORY = 'lastProfile';

/** What the next run needs from this one: the table's size and each column's distinct count. */
interface LastProfile {
  rowCount: number;
  distinct: Record<string, number>;
}

function lastProfile(state: MonitorState): LastProfile | undefined {
  const v = state.memory[PROFILE_MEMORY] as LastProfile | undefined;
  return v && typeof v.rowCount === 'number' && typeof v.distinct === 'object' ? v : undefined;
}

function summarise(p: ProfileResult): LastProfile {
  const distinct: Record<string, number> = {};
  for (const [column, m] of Object.entries(p.columns)) {
    const nonnull = p.rowCount - (typeof m.null_count === 'number' ? m.null_count : 0);
    const rate = typeof m.null_rate === 'number' ? m.null_rate : undefined;
    if (typeof m.distinct_count === 'number') distinct[column] = m.distinct_count;
    else if (typeof m.distinct_ratio === 'number')
      distinct[column] = Math.round(
        m.distinct_ratio * (rate === undefined ? nonnull : p.rowCount * (1 - rate)),
      );
  }
  return { rowCount: p.rowCount, distinct };
}

function withExpectedDistinct(col: ColumnPlan, last: LastProfile | undefined): ColumnPlan {
  const expected = last?.distinct[col.name];
  return expected === undefined ? col : { ...col, expectedDistinct: expected };
}

function numericSamples(columns: ProfileResult['columns'], segment?: string): MetricSample[] {
  const out: MetricSample[] = [];
  for (const [column, metrics] of Object.entries(columns)) {
    for (const [metric, value] of Object.entries(metrics)) {
      if (typeof value === 'number' && Number.isFinite(value))
        out.push({ metric: `${column}.${metric}`, segment, value });
    }
  }
  return out;
}

export const columnHealthKind: MonitorKindStrategy<ColumnHealthConfig> = {
  kind: 'column_health',
  configSchema: config,
  describe: (m, c) =>
    `column health of ${m.asset}${c.columns ? ` (${c.columns.join(', ')})` : ''}${c.segmentBy ? ` by ${c.segmentBy.column}` : ''}`,
  async run({ source, monitor, state, now, tag, timeoutMs }, c) {
    const tables = requireTableSource(source);
    if (!tables) return { outcome: notATableSource, samples: [], state, cost: { queries: 0, wallMs: 0 } };
    const table = tableRef(monitor.asset);
    const described = await tables.describeTable(table, { tag, timeoutMs });
    if (!described.ok) return { outcome: errorOutcome(described), samples: [], state, cost: described.cost };
    const known = new Map(described.value.map((col) => [col.name, col]));
    const missing = (c.columns ?? []).filter((name) => !known.has(name));
    if (missing.length > 0) {
      return {
        outcome: {
          status: 'error',
          observed: null,
          expected: null,
          score: null,
          message: `column ${missing.join(', ')} is not in ${monitor.asset} (renamed or dropped?)`,
          details: { code: 'COLUMN_NOT_FOUND', missing },
        },
        samples: [],
        state,
        cost: described.cost,
      };
    }
    const pii = new Set(c.pii);
    const plan: ColumnPlan[] = (c.columns ?? described.value.map((col) => col.name)).map((name) => {
      const col = known.get(name)!;
      const wanted = (c.metrics as ColumnMetric[] | undefined) ?? DEFAULT_METRICS[col.type];
      return {
        name,
        type: col.type,
        metrics: wanted.filter((m) => !(pii.has(name) && VALUE_REVEALING.has(m))),
      };
    });
    const last = lastProfile(state);
    const accuracy: ProfileAccuracy =
      c.accuracy === 'estimated' || (c.accuracy === 'auto' && (last?.rowCount ?? 0) >= ESTIMATE_FROM_ROWS)
        ? 'estimated'
        : 'exact';
    const metricPlan: MetricPlan = {
      columns: plan.map((col) => withExpectedDistinct(col, last)),
      asOf: now,
      accuracy,
    };
    let estimated: EstimatedMetric[] = [];
    let profiled: LastProfile | undefined;
    const samples: MetricSample[] = [];
    let cost = described.cost;
    if (c.segmentBy) {
      const res = await tables.profileSegments(table, metricPlan, c.segmentBy, { tag, timeoutMs });
      cost = { ...res.cost, queries: res.cost.queries + cost.queries, wallMs: res.cost.wallMs + cost.wallMs };
      if (!res.ok) return { outcome: errorOutcome(res), samples: [], state, cost };
      estimated = res.value.estimated;
      for (const seg of res.value.segments)
        samples.push(
          { metric: 'row_count', segment: seg.value, value: seg.rowCount },
          ...numericSamples(seg.columns, seg.value),
        );
    } else {
      const res = await tables.profile(table, metricPlan, { tag, timeoutMs });
      cost = { ...res.cost, queries: res.cost.queries + cost.queries, wallMs: res.cost.wallMs + cost.wallMs };
      if (!res.ok) return { outcome: errorOutcome(res), samples: [], state, cost };
      samples.push({ metric: 'row_count', value: res.value.rowCount }, ...numericSamples(res.value.columns));
      estimated = res.value.estimated;
      profiled = summarise(res.value);
    }
    const judged = judgeAll(samples, state, now, c);
    const outcome =
      estimated.length === 0
        ? judged.outcome
        : {
            ...judged.outcome,
            message: `${judged.outcome.message} (${estimated.length} value(s) estimated)`,
            details: { ...judged.outcome.details, estimated },
          };
    const next = profiled
      ? { ...judged.state, memory: { ...judged.state.memory, [PROFILE_MEMORY]: profiled } }
      : judged.state;
    return { outcome, state: next, samples, cost };
  },
};

/** Judges every metric; the check fails when any does, and says which. */
function judgeAll(
  samples: MetricSample[],
  state: MonitorState,
  now: Date,
  c: ColumnHealthConfig,
): { outcome: CheckOutcome; state: MonitorState } {
  let next = state;
  const failing: Array<{ key: string; value: number; verdict: Verdict }> = [];
  let worst: { value: number; verdict: Verdict } | undefined;
  let learning = 0;
  for (const s of samples) {
    if (s.metric === 'row_count') continue; // volume monitors judge row counts
    const key = s.segment ? `${s.segment}:${s.metric}` : s.metric;
    const label = s.segment ? `${s.metric.replace('.', ' ')} for ${s.segment}` : s.metric.replace('.', ' ');
    const j = judge(next, key, now, s.value, {
      bounds: c.bounds[s.metric],
      detector: c.detection.detector,
      metricKind: 'column',
      options: detectorOptions(c.detection, label),
    });
    next = j.state;
    if (j.verdict.status === 'learning') learning++;
    if (j.verdict.status === 'anomaly') failing.push({ key, value: s.value, verdict: j.verdict });
    if (!worst || j.verdict.score > worst.verdict.score) worst = { value: s.value, verdict: j.verdict };
  }
  if (failing.length > 0) {
    failing.sort((a, b) => b.verdict.score - a.verdict.score);
    const top = failing[0]!;
    const outcome = outcomeOf(top.verdict, top.value, {
      failing: failing.map((f) => ({
        metric: f.key,
        value: f.value,
        expected: f.verdict.expected,
        reason: f.verdict.reason,
      })),
    });
    return { outcome: { ...outcome, message: failing.map((f) => f.verdict.reason).join('; ') }, state: next };
  }
  if (!worst)
    return {
      outcome: {
        status: 'pass',
        observed: null,
        expected: null,
        score: 0,
        message: 'no numeric metrics to judge',
      },
      state: next,
    };
  const outcome = outcomeOf(worst.verdict, worst.value);
  const message =
    learning > 0
      ? `learning the baseline of ${learning} metric(s); nothing out of the ordinary yet`
      : 'every column metric is within its expected range';
  return {
    outcome: {
      ...outcome,
      status: learning > 0 && outcome.status !== 'fail' ? 'learning' : outcome.status,
      message,
    },
    state: next,
  };
}
