/**
 * Profiling benchmark: a table of N rows and 20 columns profiled with every column metric three
 * ways: (a) Vigil's one-scan plan through the Source port, (b) the equivalent single aggregate
 * written by hand, (c) one query per metric; on DuckDB also the estimated plan a monitor uses on a
 * table this size from its second run, with the error of every estimate. Then the statements behind freshness and volume,
 * with EXPLAIN to show whether they read the table.
 *
 *   npm run bench:profile                          # DuckDB, 10,000,000 rows
 *   npm run bench:profile -- --rows 1000000        # quicker
 *   npm run bench:profile -- --engine postgres --rows 300000   # VIGIL_TEST_PG_WAREHOUSE_URL
 */
import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { duckdbConfigSchema, duckdbEngine } from '../../src/sources/duckdb/index.js';
import { postgresConfigSchema, postgresEngine } from '../../src/sources/postgres/index.js';
import type { MetricPlan, ProfileResult } from '../../src/sources/source.js';
import { metricsFor } from '../../src/sources/sql/metric-plan.js';
import { SqlSource } from '../../src/sources/sql/sql-source.js';
import { configFromUrl } from '../../src/sources/testing/url.js';
import { printAccuracy } from './accuracy.js';
import { estimatedDuckdb, FLAVORS, handWrittenProfile, perMetricQueries } from './queries.js';
import { duckdbTableSql, postgresTableSql } from './tables.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function count(name: string, fallback: number): number {
  const v = Number(arg(name) ?? fallback);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} takes a positive whole number`);
  return v;
}

const engineName = arg('engine') ?? 'duckdb';
if (engineName !== 'duckdb' && engineName !== 'postgres') throw new Error('--engine is duckdb or postgres');
const rows = count('rows', engineName === 'duckdb' ? 10_000_000 : 300_000);
const runs = count('runs', 3);
const HOUR = 3_600_000;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const statements: string[] = [];
const hooks = { onStatement: (s: string) => statements.push(s) };
let source: SqlSource;
let exec: (sql: string, params?: unknown[]) => Promise<unknown>;
let explain: (sql: string, params: unknown[]) => Promise<string>;
let table: { schema: string; name: string };
let cleanup = async () => {};

if (engineName === 'duckdb') {
  // Every core, as the figures in docs/benchmarks-profile.md were measured (a source defaults to
  // one core fewer, to keep one for the API).
  const threads = availableParallelism();
  const engine = duckdbEngine(duckdbConfigSchema.parse({ kind: 'duckdb', queryTimeoutMs: HOUR, threads }));
  source = new SqlSource(engine, hooks);
  exec = (sql, params = []) => engine.driver.exec(sql, params, { timeoutMs: HOUR });
  explain = async (sql, params) =>
    (await engine.driver.exec(`EXPLAIN ${sql}`, params, { timeoutMs: HOUR })).rows
      .map((r) => String(r.explain_value))
      .join('\n');
  table = { schema: 'main', name: 'events' };
  console.log(`duckdb: building main.events, ${rows.toLocaleString('en')} rows x 20 columns …`);
  console.log(`built in ${seconds(await timed(() => exec(duckdbTableSql(rows))))}`);
} else {
  const url = arg('pg-url') ?? process.env.VIGIL_TEST_PG_WAREHOUSE_URL;
  if (!url) throw new Error('--engine postgres needs --pg-url or VIGIL_TEST_PG_WAREHOUSE_URL');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const name = `vigil_bench_${randomBytes(4).toString('hex')}`;
  table = { schema: 'public', name };
  source = new SqlSource(
    postgresEngine(
      postgresConfigSchema.parse({ kind: 'postgres', ...configFromUrl(url), queryTimeoutMs: HOUR }),
    ),
    hooks,
  );
  exec = (sql, params = []) => admin.query(sql, params);
  explain = async (sql, params) =>
    (await admin.query(`EXPLAIN ${sql}`, params)).rows.map((r) => String(r['QUERY PLAN'])).join('\n');
  cleanup = async () => {
    await admin.query(`DROP TABLE IF EXISTS public.${name}`);
    await admin.end();
  };
  console.log(`postgres: building public.${name}, ${rows.toLocaleString('en')} rows x 20 columns …`);
  const built = await timed(async () => {
    await exec(postgresTableSql(`public.${name}`, rows));
    await exec(`CREATE INDEX ON public.${name} (t_created)`);
    await exec(`VACUUM ANALYZE public.${name}`);
  });
  console.log(`built in ${seconds(built)}`);
}

try {
  const described = await source.describeTable(table);
  if (!described.ok) throw described.error;
  const plan: MetricPlan = {
    columns: described.value.map((c) => ({ name: c.name, type: c.type, metrics: metricsFor(c.type) })),
    asOf: new Date(),
  };
  const metricCount = plan.columns.reduce((n, c) => n + c.metrics.length, 0);
  console.log(`plan: ${plan.columns.length} columns, ${metricCount} column metrics + row count\n`);
  const flavor = FLAVORS[engineName];
  const qualifiedName = `${table.schema}.${table.name}`;
  await exec(`SELECT count(*) FROM ${qualifiedName}`); // warm caches for every contender alike
  const tag = { monitorId: 'bench', purpose: 'profile' };
  const profile = async (p: MetricPlan) => {
    const res = await source.profile(table, p, { tag });
    if (!res.ok) throw res.error;
    return res.value;
  };

  // A monitor's first run profiles exactly: it does not know the columns' cardinalities yet.
  let exact!: ProfileResult;
  const a0 = await timed(async () => {
    exact = await profile(plan);
  });
  const hand0 = handWrittenProfile(flavor, qualifiedName, described.value, plan.asOf!);
  const b0 = await timed(() => exec(hand0.sql, hand0.params));
  const rowsOut: string[][] = [
    ['(a0) Vigil one-scan plan, exact (a first run)', '1', seconds(a0)],
    ['(b0) hand-written single aggregate, exact', '1', seconds(b0)],
  ];
  const ratios: string[] = [`(a0)/(b0) = ${(a0 / b0).toFixed(2)}x`];

  // Later runs of a monitor on a table this size estimate (accuracy: auto), using the distinct
  // counts of the run before to choose which columns to sample.
  const expected: Record<string, number> = {};
  for (const [col, m] of Object.entries(exact.columns))
    if (typeof m.distinct_count === 'number') expected[col] = m.distinct_count;
  const estimates = engineName === 'duckdb';
  let ma = a0;
  let estimated: ProfileResult | undefined;
  if (estimates) {
    const estPlan: MetricPlan = {
      ...plan,
      accuracy: 'estimated',
      columns: plan.columns.map((c) => ({ ...c, expectedDistinct: expected[c.name] })),
    };
    const estFlavor = estimatedDuckdb(expected);
    const hand = handWrittenProfile(estFlavor, qualifiedName, described.value, plan.asOf!);
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < runs; r++) {
      a.push(
        await timed(async () => {
          estimated = await profile(estPlan);
        }),
      );
      b.push(await timed(() => exec(hand.sql, hand.params)));
    }
    ma = median(a);
    const mb = median(b);
    const perMetricEst = perMetricQueries(estFlavor, qualifiedName, plan, plan.asOf!);
    const cEst = await timed(async () => {
      for (const q of perMetricEst) await exec(q.sql, q.params);
    });
    rowsOut.push(
      ['(a) Vigil one-scan plan, estimated (later runs)', '1', `${seconds(ma)} (median of ${runs})`],
      ['(b) hand-written single aggregate, same estimates', '1', `${seconds(mb)} (median of ${runs})`],
      ["(c') one query per metric, same estimates", String(perMetricEst.length), seconds(cEst)],
    );
    ratios.push(
      `(a)/(b) = ${(ma / mb).toFixed(2)}x  (target <= 1.5x: ${ma / mb <= 1.5 ? 'met' : 'missed'})`,
      `(c')/(a) = ${(cEst / ma).toFixed(1)}x  (the same estimates, one statement each)`,
    );
  }
  const perMetric = perMetricQueries(flavor, qualifiedName, plan, plan.asOf!);
  const spent = new Map<string, number>();
  const c = await timed(async () => {
    for (const q of perMetric) {
      const ms = await timed(() => exec(q.sql, q.params));
      const kind = /DISTINCT/.test(q.sql)
        ? 'count(DISTINCT)'
        : /quantile|percentile/.test(q.sql)
          ? 'quantiles'
          : 'other aggregates';
      spent.set(kind, (spent.get(kind) ?? 0) + ms);
    }
  });
  rowsOut.push(['(c) one query per metric, exact', String(perMetric.length), seconds(c)]);
  ratios.push(
    `(c)/(a0) = ${(c / a0).toFixed(1)}x  (exact against exact)`,
    `(c)/(a) = ${(c / ma).toFixed(1)}x  (target >= 10x: ${c / ma >= 10 ? 'met' : 'missed'})`,
  );

  console.log(`| contender (${engineName}, ${rows.toLocaleString('en')} rows) | queries | time |`);
  console.log('|---|---:|---:|');
  for (const r of rowsOut) console.log(`| ${r.join(' | ')} |`);
  console.log(`\n${ratios.join('\n')}`);
  console.log(`(c) spent: ${[...spent].map(([k, ms]) => `${k} ${seconds(ms)}`).join(', ')}`);
  if (estimated) printAccuracy(exact, estimated);

  console.log('\nfreshness and volume:');
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
  for (const st of statements) {
    const params = st.includes('pragma_storage_info')
      ? [`"${table.schema}"."${table.name}"`, 't_created']
      : /\$1/.test(st)
        ? [table.schema, table.name]
        : [];
    const text = await explain(st, params);
    const readsTable = new RegExp(
      `(SEQ_SCAN|TABLE_SCAN|Seq Scan on ${table.name}|Index Only Scan Backward using \\w+ on ${table.name})`,
    ).exec(text)?.[0];
    console.log(`\n${st.replace(/\s+/g, ' ')}`);
    console.log(
      `  plan: ${
        text
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .slice(0, engineName === 'postgres' ? 8 : 0)
          .join(' | ') || [...new Set(text.match(/[A-Z_]{5,}/g) ?? [])].join(', ')
      }`,
    );
    console.log(`  reads the table's data: ${readsTable ? `yes (${readsTable})` : 'no'}`);
  }
} finally {
  await source.close();
  await cleanup();
}
