import { ansiDialect, type Dialect, quoteWith } from '../sql/dialect.js';

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
};
