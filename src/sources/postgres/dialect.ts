import { ansiDialect, type Dialect, quoteWith } from '../sql/dialect.js';

export const postgresDialect: Dialect = {
  ...ansiDialect,
  name: 'postgres',
  quoteIdent: (n) => quoteWith('"', n),
  param: (i) => `$${i}`,
  timestampParam: (i) => `CAST($${i} AS timestamp)`,
  countIf: (c) => `count(*) FILTER (WHERE ${c})`,
  // One ordered-set aggregate answers every quantile as an array: one sort per column, not four.
  quantiles: (e, qs) => ({
    kind: 'array',
    sql: `percentile_cont(ARRAY[${qs.join(', ')}]::double precision[]) WITHIN GROUP (ORDER BY ${e})`,
  }),
  truncate: (unit, e) => `date_trunc('${unit}', ${e})`,
  toText: (e) => `CAST(${e} AS text)`,
};
