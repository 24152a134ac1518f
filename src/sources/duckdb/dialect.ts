import { ansiDialect, type Dialect, quoteWith } from '../sql/dialect.js';

/** Below this many distinct values count(DISTINCT) is cheap: its hash table stays small. */
const EXACT_DISTINCT_BELOW = 100_000;
/** About this many sampled values keep the estimate within about 1 % (one in n sampled: ±1/√k). */
const SAMPLED_VALUES = 16_384;

/**
 * Distinct sampling: a value is counted when its hash falls in one of `rate` buckets, so every
 * value is in or out as a whole, and the count of sampled values times `rate` estimates the
 * total. Exact for columns that had fewer than 100,000 distinct values, or when unknown.
 */
export function duckdbDistinctEstimate(
  e: string,
  expected: number | undefined,
): { sql: string; method: string } | null {
  if (expected === undefined || expected < EXACT_DISTINCT_BELOW) return null;
  const rate = 2 ** Math.floor(Math.log2(expected / SAMPLED_VALUES));
  return {
    sql: `count(DISTINCT ${e}) FILTER (WHERE hash(${e}) % ${rate} = 0) * ${rate}`,
    method: `distinct values of a 1-in-${rate} hash sample, times ${rate}`,
  };
}

export const duckdbDialect: Dialect = {
  ...ansiDialect,
  name: 'duckdb',
  quoteIdent: (n) => quoteWith('"', n),
  param: (i) => `$${i}`,
  timestampParam: (i) => `CAST($${i} AS TIMESTAMP)`,
  // avg, stddev_samp and quantile_cont already answer DOUBLE for integers and decimals: a cast
  // would only cost time on every row.
  toFloat: (e) => e,
  length: (e) => `length(${e})`,
  // count_if is DuckDB's native conditional count: faster than sum(CASE …).
  countIf: (c) => `count_if(${c})`,
  quantiles: (e, qs) => ({ kind: 'array', sql: `quantile_cont(${e}, [${qs.join(', ')}])` }),
  truncate: (unit, e) => `date_trunc('${unit}', ${e})`,
  // DuckDB's approx_count_distinct is 10-25 % off (a small HyperLogLog) and reservoir_quantile
  // samples unevenly across threads, so neither is used (docs/benchmarks-profile.md). Quantiles
  // come from approx_quantile's t-digest; distinct counts stay exact where they are cheap.
  estimates: {
    distinct: duckdbDistinctEstimate,
    quantiles: (e, qs) => ({ kind: 'array', sql: `approx_quantile(${e}, [${qs.join(', ')}])` }),
    quantilesBy: 't-digest (approx_quantile)',
  },
};
