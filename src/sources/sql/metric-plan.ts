import { SourceError } from '../errors.js';
import type {
  ColumnMetric,
  EstimatedMetric,
  LogicalType,
  MetricValue,
  ProfileAccuracy,
  ProfileResult,
  SkippedMetric,
} from '../source.js';
import type { Dialect } from './dialect.js';
import { checkName } from './identifiers.js';
import { toIso, toNumber, toText } from './values.js';

/** One aggregate the scan computes; metrics are read from one or more of them. */
type Agg =
  | 'nonnull'
  | 'distinct'
  | 'min'
  | 'max'
  | 'avg'
  | 'stddev'
  | 'quantiles'
  | 'zero'
  | 'negative'
  | 'empty'
  | 'minlen'
  | 'avglen'
  | 'maxlen'
  | 'future';

const ALL: LogicalType[] = ['number', 'string', 'boolean', 'timestamp', 'date', 'other'];
const ORDERED: LogicalType[] = ['number', 'string', 'timestamp', 'date'];
const QUANTILES = { p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95 } as const;

/** Which column types a metric applies to, and which aggregates it is read from. */
export const METRIC_CATALOGUE: Record<ColumnMetric, { applies: LogicalType[]; needs: Agg[] }> = {
  null_count: { applies: ALL, needs: ['nonnull'] },
  null_rate: { applies: ALL, needs: ['nonnull'] },
  distinct_count: { applies: ALL, needs: ['distinct'] },
  distinct_ratio: { applies: ALL, needs: ['distinct', 'nonnull'] },
  min: { applies: ORDERED, needs: ['min'] },
  max: { applies: ORDERED, needs: ['max'] },
  mean: { applies: ['number'], needs: ['avg'] },
  stddev: { applies: ['number'], needs: ['stddev'] },
  p25: { applies: ['number'], needs: ['quantiles'] },
  p50: { applies: ['number'], needs: ['quantiles'] },
  p75: { applies: ['number'], needs: ['quantiles'] },
  p95: { applies: ['number'], needs: ['quantiles'] },
  zero_count: { applies: ['number'], needs: ['zero'] },
  negative_count: { applies: ['number'], needs: ['negative'] },
  empty_count: { applies: ['string'], needs: ['empty'] },
  min_length: { applies: ['string'], needs: ['minlen'] },
  avg_length: { applies: ['string'], needs: ['avglen'] },
  max_length: { applies: ['string'], needs: ['maxlen'] },
  future_count: { applies: ['timestamp', 'date'], needs: ['future'] },
};

export const ALL_METRICS = Object.keys(METRIC_CATALOGUE) as ColumnMetric[];

/** Every metric that applies to a column of this type: the default "profile everything" plan. */
export function metricsFor(type: LogicalType): ColumnMetric[] {
  return ALL_METRICS.filter((m) => METRIC_CATALOGUE[m].applies.includes(type));
}

export interface TypedColumnPlan {
  name: string;
  type: LogicalType;
  metrics: ColumnMetric[];
  /** Distinct values at the last profile: lets estimated plans choose how to count them. */
  expectedDistinct?: number | undefined;
}

/** Adds a parameter and answers its placeholder; keeps the order positional engines need. */
export interface ParamSink {
  timestamp(d: Date): string;
}

export interface CompiledPlan {
  /** `expr AS "alias"` items for the SELECT list, after any grouping columns. */
  select: string[];
  skipped: SkippedMetric[];
  /** Metrics whose values are estimates, and how. */
  estimated: EstimatedMetric[];
  /** Reads the metrics of every column from one answer row. */
  read(row: Record<string, unknown>, rowCount: number): ProfileResult['columns'];
}

/** Refuses unknown metrics and metrics that do not apply to the column's type. */
export function validatePlan(columns: TypedColumnPlan[]): SourceError | null {
  const seen = new Set<string>();
  for (const c of columns) {
    const bad = checkName('column', c.name);
    if (bad) return bad;
    if (seen.has(c.name))
      return new SourceError('INVALID_INPUT', `column ${c.name} is listed twice in the plan`, {
        column: c.name,
      });
    seen.add(c.name);
    for (const m of c.metrics) {
      const def = METRIC_CATALOGUE[m];
      if (!def) return new SourceError('INVALID_INPUT', `unknown metric ${String(m)}`, { column: c.name });
      if (!def.applies.includes(c.type)) {
        return new SourceError('INVALID_INPUT', `metric ${m} does not apply to ${c.type} column ${c.name}`, {
          column: c.name,
        });
      }
    }
  }
  return null;
}

/**
 * Compiles the plan into aggregate expressions for ONE SELECT. Each aggregate is computed once per
 * column however many metrics read it (null_rate and null_count share count(col)); all four
 * quantiles come from one aggregate where the engine answers an array.
 */
export function compilePlan(
  dialect: Dialect,
  columns: TypedColumnPlan[],
  asOf: Date,
  params: ParamSink,
  accuracy: ProfileAccuracy = 'exact',
): CompiledPlan {
  const select: string[] = [];
  const skipped: SkippedMetric[] = [];
  const estimated: EstimatedMetric[] = [];
  const sketches = accuracy === 'estimated' ? dialect.estimates : undefined;
  const quantilesBy = sketches?.quantilesBy ?? dialect.quantilesEstimatedBy;
  /** Records the plan's metrics that read aggregate `a` as estimated by `method`. */
  const markEstimated = (col: TypedColumnPlan, a: Agg, method: string | undefined): void => {
    if (!method) return;
    for (const m of col.metrics)
      if (METRIC_CATALOGUE[m].needs.includes(a)) estimated.push({ column: col.name, metric: m, method });
  };
  const readers: Array<(row: Record<string, unknown>, rows: number, out: ProfileResult['columns']) => void> =
    [];
  columns.forEach((col, ci) => {
    const c = dialect.quoteIdent(col.name);
    const alias = (a: string) => `c${ci}_${a}`;
    const aggs = new Set(col.metrics.flatMap((m) => METRIC_CATALOGUE[m].needs));
    const qs = col.metrics.filter((m): m is keyof typeof QUANTILES => m in QUANTILES);
    const add = (a: string, expr: string): void => {
      select.push(`${expr} AS ${dialect.quoteIdent(alias(a))}`);
    };
    const distinctEstimate = aggs.has('distinct') ? sketches?.distinct(c, col.expectedDistinct) : null;
    const exprs: Partial<Record<Agg, string>> = {
      nonnull: `count(${c})`,
      distinct: distinctEstimate?.sql ?? `count(DISTINCT ${c})`,
      min: `min(${c})`,
      max: `max(${c})`,
      avg: `avg(${dialect.toFloat(c)})`,
      zero: dialect.countIf(`${c} = 0`),
      negative: dialect.countIf(`${c} < 0`),
      empty: dialect.countIf(`${c} = ''`),
      minlen: `min(${dialect.length(c)})`,
      avglen: `avg(${dialect.toFloat(dialect.length(c))})`,
      maxlen: `max(${dialect.length(c)})`,
    };
    let quantileKind: 'array' | 'each' | null = null;
    for (const a of aggs) {
      if (a === 'stddev') {
        const sd = dialect.stddev(dialect.toFloat(c));
        if (sd) add(a, sd);
        else
          for (const m of col.metrics.filter((x) => x === 'stddev'))
            skipped.push({ column: col.name, metric: m, reason: `${dialect.name} has no stddev` });
      } else if (a === 'quantiles') {
        const fractions = qs.map((m) => QUANTILES[m]);
        const q = sketches
          ? sketches.quantiles(dialect.toFloat(c), fractions)
          : dialect.quantiles(dialect.toFloat(c), fractions);
        quantileKind = q?.kind ?? null;
        if (q) markEstimated(col, a, quantilesBy);
        if (!q)
          for (const m of qs)
            skipped.push({
              column: col.name,
              metric: m,
              reason: `${dialect.name} cannot compute quantiles in an aggregate`,
            });
        else if (q.kind === 'array') add('q', q.sql);
        else for (const [i, s] of q.sql.entries()) add(`q${i}`, s);
      } else if (a === 'future') {
        add(a, dialect.countIf(dialect.after(c, col.type, params.timestamp(asOf))));
      } else {
        if (a === 'distinct') markEstimated(col, a, distinctEstimate?.method);
        add(a, exprs[a]!);
      }
    }
    const kinds = quantileKind;
    readers.push((row, rows, out) => {
      const get = (a: string) => row[alias(a)];
      const num = (a: string) => toNumber(get(a));
      const ordered = (v: unknown): MetricValue =>
        col.type === 'number' ? toNumber(v) : col.type === 'string' ? toText(v) : toIso(v);
      const quantile = (m: keyof typeof QUANTILES): MetricValue => {
        const i = qs.indexOf(m);
        if (kinds === 'array') {
          const arr = get('q');
          return Array.isArray(arr) ? toNumber(arr[i]) : null;
        }
        return num(`q${i}`);
      };
      const values: Partial<Record<ColumnMetric, MetricValue>> = {};
      for (const m of col.metrics) {
        if (skipped.some((s) => s.column === col.name && s.metric === m)) continue;
        const nonnull = num('nonnull') ?? 0;
        switch (m) {
          case 'null_count':
            values[m] = rows - nonnull;
            break;
          case 'null_rate':
            values[m] = rows === 0 ? null : (rows - nonnull) / rows;
            break;
          case 'distinct_count':
            values[m] = num('distinct');
            break;
          case 'distinct_ratio':
            values[m] = nonnull === 0 ? null : (num('distinct') ?? 0) / nonnull;
            break;
          case 'min':
            values[m] = ordered(get('min'));
            break;
          case 'max':
            values[m] = ordered(get('max'));
            break;
          case 'mean':
            values[m] = num('avg');
            break;
          case 'stddev':
            values[m] = num('stddev');
            break;
          case 'p25':
          case 'p50':
          case 'p75':
          case 'p95':
            values[m] = quantile(m);
            break;
          case 'zero_count':
            values[m] = num('zero') ?? 0;
            break;
          case 'negative_count':
            values[m] = num('negative') ?? 0;
            break;
          case 'empty_count':
            values[m] = num('empty') ?? 0;
            break;
          case 'min_length':
            values[m] = num('minlen');
            break;
          case 'avg_length':
            values[m] = num('avglen');
            break;
          case 'max_length':
            values[m] = num('maxlen');
            break;
          case 'future_count':
            values[m] = num('future') ?? 0;
            break;
        }
      }
      out[col.name] = values;
    });
  });
  return {
    select,
    skipped,
    estimated,
    read(row, rowCount) {
      const out: ProfileResult['columns'] = {};
      for (const r of readers) r(row, rowCount, out);
      return out;
    },
  };
}
