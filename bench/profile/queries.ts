import { duckdbDistinctEstimate } from '../../src/sources/duckdb/dialect.js';
import type { ColumnInfo, ColumnMetric, MetricPlan } from '../../src/sources/source.js';

/** `YYYY-MM-DD HH:MM:SS.mmm` UTC, the benchmark's "now" for future counts. */
const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** How a person would spell the aggregates by hand in one engine. */
export interface Flavor {
  countIf(cond: string): string;
  quantiles(c: string): string;
  quantile(c: string, q: number): string;
  /** The same distinct count Vigil's plan computes (exact, or an estimate), by column name. */
  distinct?: (c: string, column: string) => string;
  length(c: string): string;
  asOf: string;
}

export const FLAVORS: Record<'duckdb' | 'postgres', Flavor> = {
  duckdb: {
    countIf: (x) => `count_if(${x})`,
    quantiles: (c) => `quantile_cont(${c}, [0.25, 0.5, 0.75, 0.95])`,
    quantile: (c, q) => `quantile_cont(${c}, ${q})`,
    length: (c) => `length(${c})`,
    asOf: 'CAST($1 AS TIMESTAMP)',
  },
  postgres: {
    countIf: (x) => `count(*) FILTER (WHERE ${x})`,
    quantiles: (c) => `percentile_cont(ARRAY[0.25, 0.5, 0.75, 0.95]) WITHIN GROUP (ORDER BY ${c})`,
    quantile: (c, q) => `percentile_cont(${q}) WITHIN GROUP (ORDER BY ${c})`,
    length: (c) => `char_length(${c})`,
    asOf: 'CAST($1 AS timestamp)',
  },
};

/** The one aggregate a person would write by hand for the same metrics (contender b). */
export function handWrittenProfile(
  f: Flavor,
  table: string,
  columns: ColumnInfo[],
  asOf: Date,
): { sql: string; params: unknown[] } {
  const parts = ['count(*)'];
  for (const col of columns) {
    const c = `"${col.name}"`;
    parts.push(`count(${c})`, f.distinct?.(c, col.name) ?? `count(DISTINCT ${c})`);
    if (col.type === 'number') {
      parts.push(`min(${c})`, `max(${c})`, `avg(${c})`, `stddev_samp(${c})`, f.quantiles(c));
      parts.push(f.countIf(`${c} = 0`), f.countIf(`${c} < 0`));
    } else if (col.type === 'string') {
      parts.push(`min(${c})`, `max(${c})`, f.countIf(`${c} = ''`));
      parts.push(`min(${f.length(c)})`, `avg(${f.length(c)})`, `max(${f.length(c)})`);
    } else if (col.type === 'timestamp' || col.type === 'date') {
      parts.push(`min(${c})`, `max(${c})`, f.countIf(`${c} > ${f.asOf}`));
    }
  }
  return { sql: `SELECT ${parts.join(', ')} FROM ${table}`, params: [ts(asOf)] };
}

/** Column names are quoted as `"name"`; the flavour's distinct spelling takes the bare name too. */
const distinct = (f: Flavor, c: string) => f.distinct?.(c, c.slice(1, -1)) ?? `count(DISTINCT ${c})`;

/**
 * The DuckDB flavour with the estimates Vigil's estimated plan uses: t-digest quantiles, and
 * distinct counts sampled by hash where the column had 100,000 distinct values or more.
 */
export function estimatedDuckdb(expected: Record<string, number>): Flavor {
  return {
    ...FLAVORS.duckdb,
    quantiles: (c) => `approx_quantile(${c}, [0.25, 0.5, 0.75, 0.95])`,
    quantile: (c, q) => `approx_quantile(${c}, ${q})`,
    distinct: (c, column) => duckdbDistinctEstimate(c, expected[column])?.sql ?? `count(DISTINCT ${c})`,
  };
}

const one = (f: Flavor): Record<ColumnMetric, (c: string) => string> => ({
  null_count: (c) => `count(*) - count(${c})`,
  null_rate: (c) => `(count(*) - count(${c}))::float / count(*)`,
  distinct_count: (c) => distinct(f, c),
  distinct_ratio: (c) => `${distinct(f, c)}::float / count(${c})`,
  min: (c) => `min(${c})`,
  max: (c) => `max(${c})`,
  mean: (c) => `avg(${c})`,
  stddev: (c) => `stddev_samp(${c})`,
  p25: (c) => f.quantile(c, 0.25),
  p50: (c) => f.quantile(c, 0.5),
  p75: (c) => f.quantile(c, 0.75),
  p95: (c) => f.quantile(c, 0.95),
  zero_count: (c) => f.countIf(`${c} = 0`),
  negative_count: (c) => f.countIf(`${c} < 0`),
  empty_count: (c) => f.countIf(`${c} = ''`),
  min_length: (c) => `min(${f.length(c)})`,
  avg_length: (c) => `avg(${f.length(c)})`,
  max_length: (c) => `max(${f.length(c)})`,
  future_count: (c) => f.countIf(`${c} > ${f.asOf}`),
});

/** Contender (c): what a naive checker does, one statement per metric per column. */
export function perMetricQueries(
  f: Flavor,
  table: string,
  plan: MetricPlan,
  asOf: Date,
): Array<{ sql: string; params: unknown[] }> {
  const spell = one(f);
  const out = [{ sql: `SELECT count(*) FROM ${table}`, params: [] as unknown[] }];
  for (const col of plan.columns) {
    for (const m of col.metrics) {
      const expr = spell[m](`"${col.name}"`);
      out.push({ sql: `SELECT ${expr} FROM ${table}`, params: m === 'future_count' ? [ts(asOf)] : [] });
    }
  }
  return out;
}
