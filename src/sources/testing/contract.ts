import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricPlan, TableSource } from '../source.js';
import { FIXTURE_EXPECTED } from './fixture.js';

/** What an engine's test file gives the shared contract: a source on a schema holding the fixture. */
export interface ContractSetup {
  source: TableSource;
  statements: string[];
  schema: string;
  table: string;
  /** Renames a column behind the source's back (admin connection). */
  renameColumn(from: string, to: string): Promise<void>;
  /** A SELECT that sleeps for `seconds`. */
  sleepSql(seconds: number): string;
  dispose(): Promise<void>;
}

export const FULL_PLAN: MetricPlan = {
  columns: [
    {
      name: 'amount',
      type: 'number',
      metrics: [
        'min',
        'max',
        'mean',
        'stddev',
        'p25',
        'p50',
        'p75',
        'p95',
        'zero_count',
        'negative_count',
        'null_count',
        'distinct_count',
      ],
    },
    {
      name: 'name',
      type: 'string',
      metrics: [
        'null_count',
        'null_rate',
        'empty_count',
        'distinct_count',
        'distinct_ratio',
        'min_length',
        'avg_length',
        'max_length',
      ],
    },
    { name: 'created_at', type: 'timestamp', metrics: ['max', 'future_count', 'null_count'] },
  ],
  asOf: new Date('2024-06-01T00:00:00Z'),
};

/**
 * The behaviour every SQL source owes its callers, run against a real engine. Engine-specific
 * points (metadata numbers, timeouts, credentials) sit in the engine's own test file.
 */
export function tableSourceContract(
  engine: string,
  open: () => Promise<ContractSetup>,
  opts: { quantiles: boolean },
) {
  describe(`${engine} source contract`, () => {
    let s: ContractSetup;
    const tag = { monitorId: 'mon_contract', purpose: 'test' };
    beforeAll(async () => {
      s = await open();
    });
    afterAll(async () => {
      await s?.dispose();
    });
    const ref = () => ({ schema: s.schema, name: s.table });

    it('connects, lists and describes the table', async () => {
      expect((await s.source.testConnection()).ok).toBe(true);
      const tables = await s.source.listTables();
      expect(tables.ok && tables.value.some((t) => t.schema === s.schema && t.name === s.table)).toBe(true);
      const cols = await s.source.describeTable(ref());
      if (!cols.ok) throw cols.error;
      expect(cols.value.map((c) => [c.name, c.type])).toEqual([
        ['id', 'number'],
        ['amount', 'number'],
        ['name', 'string'],
        ['category', 'string'],
        ['created_at', 'timestamp'],
      ]);
    });

    it('computes every column metric in ONE query, with the right values', async () => {
      const before = s.statements.length;
      const r = await s.source.profile(ref(), FULL_PLAN, { tag });
      if (!r.ok) throw r.error;
      expect(r.cost.queries).toBe(1);
      expect(s.statements.length - before).toBe(1);
      expect(s.statements.at(-1)).toMatch(/^\/\* vigil monitor=mon_contract purpose=test \*\/ SELECT /);
      const { amount, name, created_at } = r.value.columns;
      expect(r.value.rowCount).toBe(100);
      const e = FIXTURE_EXPECTED;
      expect(amount).toMatchObject({
        min: e.amount.min,
        max: e.amount.max,
        zero_count: 1,
        negative_count: 9,
        null_count: 0,
        distinct_count: 100,
      });
      expect(amount?.mean).toBeCloseTo(e.amount.mean, 6);
      expect(amount?.stddev).toBeCloseTo(e.amountStddev, 6);
      if (opts.quantiles) {
        for (const q of ['p25', 'p50', 'p75', 'p95'] as const)
          expect(amount?.[q]).toBeCloseTo(e.amount[q], 6);
      } else {
        expect(r.value.skipped.map((x) => x.metric)).toEqual(['p25', 'p50', 'p75', 'p95']);
      }
      expect(name).toMatchObject({
        null_count: e.name.null_count,
        empty_count: e.name.empty_count,
        distinct_count: e.name.distinct_count,
        min_length: 0,
        max_length: 6,
      });
      expect(name?.null_rate).toBeCloseTo(e.name.null_count / 100, 9);
      expect(name?.distinct_ratio).toBeCloseTo(e.name.distinct_count / (100 - e.name.null_count), 9);
      expect(created_at).toMatchObject({ future_count: 5, null_count: 0 });
      expect(String(created_at?.max)).toMatch(/^2100-01-01T00:01:40/);
    });

    it('profiles the top segments by row count in one query', async () => {
      const plan: MetricPlan = {
        columns: [{ name: 'amount', type: 'number', metrics: ['max', 'null_count'] }],
      };
      const r = await s.source.profileSegments(ref(), plan, { column: 'category', limit: 2 }, { tag });
      if (!r.ok) throw r.error;
      expect(r.cost.queries).toBe(1);
      expect(r.value.segments.map((x) => [x.value, x.rowCount])).toEqual([
        ['a', 50],
        ['c', 33],
      ]);
      expect(r.value.segments[0]?.columns.amount?.max).toBe(90);
    });

    it('backfills daily metrics in one grouped query', async () => {
      const plan: MetricPlan = {
        columns: [{ name: 'amount', type: 'number', metrics: ['max', 'null_count'] }],
      };
      const asOf = new Date('2024-03-05T12:00:00Z');
      const r = await s.source.backfill(
        ref(),
        plan,
        { timestampColumn: 'created_at', bucket: 'day', days: 7, asOf },
        { tag },
      );
      if (!r.ok) throw r.error;
      expect(r.cost.queries).toBe(1);
      expect(r.value.buckets.map((b) => [b.start.slice(0, 10), b.rowCount, b.columns.amount?.max])).toEqual([
        ['2024-03-01', 24, 14],
        ['2024-03-02', 24, 38],
        ['2024-03-03', 24, 62],
        ['2024-03-04', 23, 85],
      ]);
      expect(r.value.buckets.every((b) => b.complete)).toBe(true);
    });

    it('answers freshness and volume', async () => {
      const since = new Date('2024-03-04T00:00:00Z');
      const r = await s.source.tableStats(ref(), {
        tag,
        timestampColumn: 'created_at',
        since,
        exactRowCount: true,
      });
      if (!r.ok) throw r.error;
      expect(r.value.rowCount).toEqual({ value: 100, exact: true, method: 'query' });
      expect(r.value.maxTimestamp?.value).toMatch(/^2100-01-01/);
      expect(r.value.rowsSince?.value).toBe(28);
    });

    it('runs custom SQL read-only and rejects writes before they run', async () => {
      const q = await s.source.runQuery(`SELECT count(*) AS n FROM ${s.schema}.${s.table} WHERE amount < 0`, {
        tag,
      });
      if (!q.ok) throw q.error;
      expect(Number(q.value.rows[0]?.n)).toBe(9);
      for (const bad of [
        `DROP TABLE ${s.schema}.${s.table}`,
        `INSERT INTO ${s.schema}.${s.table} (id) VALUES (1000)`,
        `UPDATE ${s.schema}.${s.table} SET amount = 0`,
        `DELETE FROM ${s.schema}.${s.table}`,
        `SELECT 1; DROP TABLE ${s.schema}.${s.table}`,
        `CREATE TABLE ${s.schema}.x (a int)`,
      ]) {
        const before = s.statements.length;
        const r = await s.source.runQuery(bad, { tag });
        expect(r.ok ? 'ran' : r.error.code, bad).toBe('SQL_NOT_READ_ONLY');
        expect(s.statements.length, bad).toBe(before);
      }
      const still = await s.source.tableStats(ref(), { tag, exactRowCount: true });
      expect(still.ok && still.value.rowCount?.value).toBe(100);
    });

    it('cancels a query past its timeout', async () => {
      const started = Date.now();
      const r = await s.source.runQuery(s.sleepSql(20), { tag, timeoutMs: 500 });
      expect(r.ok ? 'ran' : r.error.code).toBe('QUERY_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(15_000);
    });

    it('names the missing table and the renamed column', async () => {
      const missing = await s.source.profile({ schema: s.schema, name: 'no_such_table' }, FULL_PLAN, { tag });
      expect(missing.ok ? 'ok' : [missing.error.code, missing.error.message]).toEqual([
        'TABLE_NOT_FOUND',
        `table ${s.schema}.no_such_table not found`,
      ]);
      const stats = await s.source.tableStats({ schema: s.schema, name: 'no_such_table' }, { tag });
      expect(stats.ok ? 'ok' : stats.error.code).toBe('TABLE_NOT_FOUND');
      await s.renameColumn('amount', 'amount_usd');
      const renamed = await s.source.profile(ref(), FULL_PLAN, { tag });
      expect(renamed.ok ? 'ok' : [renamed.error.code, renamed.error.context.column]).toEqual([
        'COLUMN_NOT_FOUND',
        'amount',
      ]);
      expect(renamed.ok ? '' : renamed.error.message).not.toMatch(/SELECT/i);
      await s.renameColumn('amount_usd', 'amount');
    });

    it('tags every statement it sent with a leading vigil comment', () => {
      expect(s.statements.length).toBeGreaterThan(10);
      for (const st of s.statements) expect(st).toMatch(/^\/\* vigil( [a-z]+=[\w.:@-]+)* \*\/ /);
    });
  });
}
