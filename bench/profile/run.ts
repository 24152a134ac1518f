/**
 * Profiling benchmark: a DuckDB table of N rows (default 10 million) and 20 columns, profiled with
 * every column metric three ways: (a) Vigil's one-scan plan through the Source port, (b) the
 * equivalent single aggregate written by hand, (c) one query per metric. Then the metadata
 * statements behind freshness and volume, with EXPLAIN to show they read no table.
 *
 *   npm run bench:profile                 # 10,000,000 rows
 *   npm run bench:profile -- --rows 1000000
 */
import { duckdbConfigSchema, duckdbEngine } from '../../src/sources/duckdb/index.js';
import type { ColumnInfo, MetricPlan } from '../../src/sources/source.js';
import { metricsFor } from '../../src/sources/sql/metric-plan.js';
import { SqlSource } from '../../src/sources/sql/sql-source.js';
import { handWrittenProfile, perMetricQueries } from './queries.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} takes a positive whole number`);
  return v;
}

const rows = arg('rows', 10_000_000);
const runs = arg('runs', 3);
const statements: string[] = [];
const engine = duckdbEngine(duckdbConfigSchema.parse({ kind: 'duckdb', queryTimeoutMs: 3_600_000 }));
const source = new SqlSource(engine, { onStatement: (s) => statements.push(s) });
const exec = (sql: string, params: unknown[] = []) =>
  engine.driver.exec(sql, params, { timeoutMs: 3_600_000 });
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`building bench.events: ${rows.toLocaleString('en')} rows x 20 columns …`);
const built = await timed(() =>
  exec(`CREATE TABLE events AS SELECT
    CASE WHEN i % 17 = 0 THEN NULL ELSE i % 1000 - 100 END AS n_int0,
    (i * 7) % 100000 AS n_int1,
    i AS n_id,
    ((i * 2654435761) % 1000003) / 1000.0 AS n_dbl0,
    CASE WHEN i % 9 = 0 THEN NULL ELSE sin(i) * 50 END AS n_dbl1,
    CAST((i % 10000) / 100.0 AS DECIMAL(10, 2)) AS n_dec,
    i % 5 AS n_small,
    CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 2001) - 1000 END AS n_neg,
    CASE WHEN i % 3 = 0 THEN NULL ELSE i * 1000 END AS n_big,
    'cat_' || (i % 50) AS s_cat,
    CASE WHEN i % 13 = 0 THEN NULL ELSE 'code_' || (i % 100000) END AS s_code,
    CASE WHEN i % 10 = 0 THEN '' ELSE 'x' || (i % 7) END AS s_empty,
    'name-' || ((i * 31) % 1000003) AS s_name,
    CASE WHEN i % 2 = 0 THEN NULL ELSE 'v' || (i % 300) END AS s_null,
    md5(CAST(i % 2000000 AS VARCHAR)) AS s_hash,
    TIMESTAMP '2024-01-01' + to_seconds(i % 31536000) AS t_created,
    TIMESTAMP '2024-01-01' + to_seconds(i % 31536000 + i % 3600) AS t_updated,
    CASE WHEN i % 7 = 0 THEN NULL ELSE TIMESTAMP '2024-01-01' + to_seconds((i * 3) % 94608000) END AS t_future,
    DATE '2024-01-01' + CAST(i % 365 AS INTEGER) AS t_day,
    CASE WHEN i % 19 = 0 THEN NULL ELSE i % 3 = 0 END AS b_flag
  FROM range(${rows}) r(i)`),
);
console.log(`built in ${seconds(built)}\n`);

const table = { schema: 'main', name: 'events' };
const described = await source.describeTable(table);
if (!described.ok) throw described.error;
const columns: ColumnInfo[] = described.value;
const plan: MetricPlan = {
  columns: columns.map((c) => ({ name: c.name, type: c.type, metrics: metricsFor(c.type) })),
  asOf: new Date(),
};
const metricCount = plan.columns.reduce((n, c) => n + c.metrics.length, 0);
console.log(`plan: ${columns.length} columns, ${metricCount} column metrics + row count`);

await exec('SELECT count(*) FROM events'); // warm the buffer manager for every contender alike

const a: number[] = [];
const b: number[] = [];
let queriesA = 0;
const hand = handWrittenProfile('events', columns, plan.asOf!);
for (let r = 0; r < runs; r++) {
  a.push(
    await timed(async () => {
      const res = await source.profile(table, plan, { tag: { monitorId: 'bench', purpose: 'profile' } });
      if (!res.ok) throw res.error;
      queriesA = res.cost.queries;
    }),
  );
  b.push(await timed(() => exec(hand.sql, hand.params)));
}
const perMetric = perMetricQueries('events', plan, plan.asOf!);
const perQuery: Array<{ sql: string; ms: number }> = [];
const c = await timed(async () => {
  for (const q of perMetric) perQuery.push({ sql: q.sql, ms: await timed(() => exec(q.sql, q.params)) });
});

const ma = median(a);
const mb = median(b);
console.log('\n| contender | queries | time (median of runs) |');
console.log('|---|---:|---:|');
console.log(`| (a) Vigil one-scan plan | ${queriesA} | ${seconds(ma)} |`);
console.log(`| (b) hand-written single aggregate | 1 | ${seconds(mb)} |`);
console.log(`| (c) one query per metric | ${perMetric.length} | ${seconds(c)} (one run) |`);
console.log(`\n(a)/(b) = ${(ma / mb).toFixed(2)}x  (target <= 1.5x: ${ma / mb <= 1.5 ? 'met' : 'missed'})`);
console.log(`(c)/(a) = ${(c / ma).toFixed(1)}x  (target >= 10x: ${c / ma >= 10 ? 'met' : 'missed'})`);

const byKind = new Map<string, number>();
for (const q of perQuery) {
  const kind = /DISTINCT/.test(q.sql)
    ? 'count(DISTINCT)'
    : /quantile/.test(q.sql)
      ? 'quantile_cont'
      : 'other aggregates';
  byKind.set(kind, (byKind.get(kind) ?? 0) + q.ms);
}
console.log(`\nwhere (c) spends its time: ${[...byKind].map(([k, ms]) => `${k} ${seconds(ms)}`).join(', ')}`);

console.log('\nfreshness and volume from metadata:');
statements.length = 0;
const stats = await source.tableStats(table, {
  tag: { monitorId: 'bench', purpose: 'freshness' },
  timestampColumn: 't_created',
});
if (!stats.ok) throw stats.error;
console.log(
  JSON.stringify({
    rowCount: stats.value.rowCount,
    maxTimestamp: stats.value.maxTimestamp,
    cost: stats.cost,
  }),
);
const sent = [...statements];
for (const st of sent) {
  const params = st.includes('pragma_storage_info') ? ['"main"."events"', 't_created'] : ['main', 'events'];
  const plan = await exec(`EXPLAIN ${st}`, params);
  const text = plan.rows.map((r) => String(r.explain_value ?? '')).join('\n');
  const scans = /SEQ_SCAN|TABLE_SCAN/.test(text);
  console.log(
    `\n${st.replace(/\s+/g, ' ')}\n  -> plan operators: ${[...new Set(text.match(/[A-Z_]{4,}/g) ?? [])].join(', ')}`,
  );
  console.log(`  -> reads table data: ${scans ? 'YES' : 'no'}`);
}
await source.close();
