import type { ColumnInfo, ColumnMetric, MetricPlan } from '../../src/sources/source.js';

/** `YYYY-MM-DD HH:MM:SS.mmm` UTC, the benchmark's "now" for future counts. */
const ts = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** The one aggregate a person would write by hand for the same metrics (contender b). */
export function handWrittenProfile(
  table: string,
  columns: ColumnInfo[],
  asOf: Date,
): { sql: string; params: unknown[] } {
  const parts = ['count(*)'];
  for (const col of columns) {
    const c = `"${col.name}"`;
    parts.push(`count(${c})`, `count(DISTINCT ${c})`);
    if (col.type === 'number') {
      parts.push(
        `min(${c})`,
        `max(${c})`,
        `avg(${c})`,
        `stddev_samp(${c})`,
        `quantile_cont(${c}, [0.25, 0.5, 0.75, 0.95])`,
        `count_if(${c} = 0)`,
        `count_if(${c} < 0)`,
      );
    } else if (col.type === 'string') {
      parts.push(
        `min(${c})`,
        `max(${c})`,
        `count_if(${c} = '')`,
        `min(length(${c}))`,
        `avg(length(${c}))`,
        `max(length(${c}))`,
      );
    } else if (col.type === 'timestamp' || col.type === 'date') {
      parts.push(`min(${c})`, `max(${c})`, `count_if(${c} > CAST($1 AS TIMESTAMP))`);
    }
  }
  return { sql: `SELECT ${parts.join(', ')} FROM ${table}`, params: [ts(asOf)] };
}

const ONE: Record<ColumnMetric, (c: string) => string> = {
  null_count: (c) => `count(*) - count(${c})`,
  null_rate: (c) => `(count(*) - count(${c})) / count(*)`,
  distinct_count: (c) => `count(DISTINCT ${c})`,
  distinct_ratio: (c) => `count(DISTINCT ${c}) / count(${c})`,
  min: (c) => `min(${c})`,
  max: (c) => `max(${c})`,
  mean: (c) => `avg(${c})`,
  stddev: (c) => `stddev_samp(${c})`,
  p25: (c) => `quantile_cont(${c}, 0.25)`,
  p50: (c) => `quantile_cont(${c}, 0.5)`,
  p75: (c) => `quantile_cont(${c}, 0.75)`,
  p95: (c) => `quantile_cont(${c}, 0.95)`,
  zero_count: (c) => `count_if(${c} = 0)`,
  negative_count: (c) => `count_if(${c} < 0)`,
  empty_count: (c) => `count_if(${c} = '')`,
  min_length: (c) => `min(length(${c}))`,
  avg_length: (c) => `avg(length(${c}))`,
  max_length: (c) => `max(length(${c}))`,
  future_count: (c) => `count_if(${c} > CAST($1 AS TIMESTAMP))`,
};

/** Contender (c): what a naive checker does, one statement per metric per column. */
export function perMetricQueries(
  table: string,
  plan: MetricPlan,
  asOf: Date,
): Array<{ sql: string; params: unknown[] }> {
  const out = [{ sql: `SELECT count(*) FROM ${table}`, params: [] as unknown[] }];
  for (const col of plan.columns) {
    for (const m of col.metrics) {
      const expr = ONE[m](`"${col.name}"`);
      out.push({ sql: `SELECT ${expr} FROM ${table}`, params: m === 'future_count' ? [ts(asOf)] : [] });
    }
  }
  return out;
}
