import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { build } from '../../src/server/app.js';
import { backfillMonitor } from '../../src/services/backfill-monitor.js';
import { createApiToken } from '../../src/services/create-api-token.js';
import { createMonitor, getMonitor, type MonitorInput } from '../../src/services/monitors.js';
import { runMonitorNow } from '../../src/services/run-monitor-now.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import { duckdbSource } from '../../src/sources/duckdb/index.js';
import { queryAudit } from '../../src/store/repositories/audit-log.js';
import { duckdbExec } from '../support/duckdb-file.js';
import { openTestStore, type TestStore, testContext, testSecrets } from '../support/stores.js';

const HOUR = 3_600_000;
/** Rows loaded in hour h after 2026-03-01: a day/night rhythm with a little deterministic jitter. */
const rowsIn = (h: number) => 100 + ((h * 7) % 13) + (h % 24 >= 8 && h % 24 <= 20 ? 30 : 0);
const DAYS = 28;

/** One INSERT of `rows` rows in hour h, spread from minute `fromMinute` to `toMinute`. */
const load = (table: string, h: number, rows: number, fromMinute = 0, toMinute = 60) =>
  `insert into ${table} select range, case when range % 10 = 0 then null else range % 50 end, ` +
  `TIMESTAMP '2026-03-01 00:00:00' + to_hours(${h}::bigint) + ` +
  `to_seconds((${fromMinute * 60} + range * ${Math.floor(((toMinute - fromMinute) * 60) / Math.max(rows, 1))})::bigint) ` +
  `from range(${rows})`;

describe('backfill: a baseline trained from the table history on day one', () => {
  let t: TestStore;
  let file: string;
  let ctx: ReturnType<typeof testContext>;
  const statements: string[] = [];
  const sources = new SourceProvider(
    createSourceCatalog([duckdbSource], { onStatement: (text) => statements.push(text) }).factory,
    testSecrets,
  );
  const deps = { sources, timeoutMs: 30_000, workerId: 'test' };
  const exec = async (...sql: string[]) => {
    await sources.closeAll();
    await duckdbExec(file, sql);
  };
  const monitor = (input: Partial<MonitorInput> & Pick<MonitorInput, 'name' | 'kind'>) =>
    createMonitor({
      ctx,
      input: {
        source: 'shop',
        asset: 'main.events',
        config: {},
        schedule: { every: '1h' },
        severity: 'page',
        labels: {},
        description: '',
        enabled: true,
        ...input,
      } as never,
    });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    ctx = testContext(t.store);
    file = join(mkdtempSync(join(tmpdir(), 'vigil-backfill-')), 'shop.duckdb');
    // 28 days of hourly loads, then half an hour of the current hour (the bucket still filling).
    const history = `insert into events select h * 1000 + r, case when r % 10 = 0 then null else r % 50 end,
        TIMESTAMP '2026-03-01 00:00:00' + to_hours(h) + to_seconds(r * 20)
      from range(${DAYS * 24}) t(h), range(200) s(r)
      where r < 100 + ((h * 7) % 13) + case when h % 24 between 8 and 20 then 30 else 0 end`;
    await duckdbExec(file, [
      'create table events (id bigint, amount double, created_at timestamp)',
      history,
      load('events', DAYS * 24, 50, 0, 30),
    ]);
    await createSource({ ctx, input: { name: 'shop', kind: 'duckdb', config: { path: file } } });
  });
  afterAll(async () => {
    await sources.closeAll();
    await t.dispose();
  });

  it('rejects a backfill config on a kind that cannot use it, and a bucket it does not know', async () => {
    await expect(
      monitor({ name: 'bad kind', kind: 'freshness', config: { backfill: { timestampColumn: 'x' } } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ message: expect.stringMatching(/backfill/) })],
    });
    await expect(
      monitor({
        name: 'bad bucket',
        kind: 'volume',
        config: { backfill: { timestampColumn: 'created_at', bucket: 'week' } },
      }),
    ).rejects.toThrow(/config.backfill.bucket/);
  });

  it('judges the very next live run, and fails a load 60 % short', async () => {
    ctx.clock.set('2026-03-29T00:30:00Z');
    const m = await monitor({
      name: 'events volume',
      kind: 'volume',
      config: { exact: true, backfill: { timestampColumn: 'created_at', days: DAYS, bucket: 'hour' } },
    });
    statements.length = 0;
    const b = await backfillMonitor({ ctx, input: { monitorId: m.id, deps } });
    expect(b.status).toBe('trained');
    expect(b.buckets).toBe(DAYS * 24);
    expect(b.metrics).toEqual(['rows_added']);
    // 28 days of history in ONE grouped statement; the rest is the row count a live run reads too.
    expect(statements.filter((s) => /GROUP BY/i.test(s))).toHaveLength(1);
    expect(b.queries).toBe(statements.length);
    expect(b.since).toBe('2026-03-01T00:00:00.000Z');
    expect(b.until).toBe('2026-03-29T00:00:00.000Z');
    // The first live run is due when the bucket still filling is complete.
    expect((await getMonitor({ ctx, input: { id: m.id } })).nextRunAt).toBe('2026-03-29T01:00:00.000Z');
    const points = await t.store.db
      .selectFrom('metric_points')
      .select(['at', 'value'])
      .where('monitor_id', '=', m.id)
      .where('metric', '=', 'rows_added')
      .orderBy('at')
      .execute();
    expect(points).toHaveLength(DAYS * 24);
    // A bucket is stamped at its end, when an hourly run would have counted it.
    expect(points[9]).toEqual({ at: new Date('2026-03-01T10:00:00Z'), value: rowsIn(9) });

    // The rest of hour 672 arrives; the run at 01:00 sees one whole hour, and is judged at once.
    await exec(load('events', DAYS * 24, rowsIn(DAYS * 24) - 50, 30));
    ctx.clock.set('2026-03-29T01:00:00Z');
    const first = await runMonitorNow({ ctx, input: { id: m.id, deps } });
    expect(first.status).toBe('pass');
    expect(first.observed).toBe(rowsIn(DAYS * 24));
    expect(first.expected?.lower).toBeLessThan(rowsIn(DAYS * 24));

    const short = Math.round(rowsIn(DAYS * 24 + 1) * 0.4);
    await exec(load('events', DAYS * 24 + 1, short));
    ctx.clock.set('2026-03-29T02:00:00Z');
    const failed = await runMonitorNow({ ctx, input: { id: m.id, deps } });
    expect(failed.status).toBe('fail');
    expect(failed.observed).toBe(short);
    expect(failed.expected?.lower).toBeGreaterThan(short);
    expect(failed.message).toMatch(/rows added/);

    const audit = await queryAudit(t.store.db, { targetId: m.id, limit: 10 });
    expect(audit.map((a) => a.action)).toContain('monitor.backfill');
  });

  it('without a backfill the same monitor would still be learning', async () => {
    const m = await monitor({ name: 'events volume, cold', kind: 'volume', config: { exact: true } });
    expect((await runMonitorNow({ ctx, input: { id: m.id, deps } })).status).toBe('learning');
    ctx.clock.advance(HOUR);
    expect((await runMonitorNow({ ctx, input: { id: m.id, deps } })).status).toBe('learning');
  });

  it('rebuilds whole-table column metrics per hour, matching what the live run then measures', async () => {
    ctx.clock.set('2026-03-29T02:00:00Z');
    const m = await monitor({
      name: 'events amount health',
      kind: 'column_health',
      config: { columns: ['amount'], backfill: { timestampColumn: 'created_at', days: 7 } },
    });
    const b = await backfillMonitor({ ctx, input: { monitorId: m.id, deps } });
    expect(b.status).toBe('trained');
    expect(b.metrics.sort()).toEqual([
      'amount.max',
      'amount.mean',
      'amount.min',
      'amount.negative_count',
      'amount.null_rate',
      'amount.zero_count',
    ]);
    expect(b.skipped).toEqual([
      expect.objectContaining({ metric: 'amount.distinct_ratio' }),
      expect.objectContaining({ metric: 'amount.stddev' }),
    ]);
    const last = async (metric: string) =>
      (
        await t.store.db
          .selectFrom('metric_points')
          .select(['at', 'value'])
          .where('monitor_id', '=', m.id)
          .where('metric', '=', metric)
          .orderBy('at', 'desc')
          .limit(2)
          .execute()
      ).map((p) => p.value);
    const [rebuiltRate] = await last('amount.null_rate');
    const [rebuiltMean] = await last('amount.mean');
    const live = await runMonitorNow({ ctx, input: { id: m.id, deps } });
    expect(live.status).not.toBe('error');
    const [liveRate] = await last('amount.null_rate');
    const [liveMean] = await last('amount.mean');
    expect(liveRate).toBeCloseTo(rebuiltRate as number, 9);
    expect(liveMean).toBeCloseTo(rebuiltMean as number, 9);
  });

  it('answers a warehouse failure as an error outcome and writes nothing', async () => {
    ctx.clock.set('2026-03-29T02:00:00Z');
    const m = await monitor({
      name: 'events volume, wrong column',
      kind: 'volume',
      config: { backfill: { timestampColumn: 'loaded_at' } },
    });
    const b = await backfillMonitor({ ctx, input: { monitorId: m.id, deps } });
    expect(b.status).toBe('error');
    expect(b.message).toMatch(/loaded_at/);
    const row = await t.store.db
      .selectFrom('monitors')
      .select('detector_state')
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    expect(row.detector_state).toBeNull();
  });

  it('over HTTP: create trains at once, a failed backfill keeps the monitor, backtest shows the noise', async () => {
    ctx.clock.set('2026-03-29T02:00:00Z');
    const app = await build({
      store: t.store,
      clock: ctx.clock,
      log: pino({ level: 'silent' }),
      secrets: testSecrets,
      config: loadConfig({}, '/nonexistent'),
      version: 'test',
      runner: deps,
    });
    const token = async (role: 'viewer' | 'admin') =>
      `Bearer ${(await createApiToken({ ctx, input: { name: `${role} backfill`, role } })).secret}`;
    const admin = { authorization: await token('admin') };
    const viewer = { authorization: await token('viewer') };
    try {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/monitors',
        headers: admin,
        payload: {
          name: 'events volume via api',
          kind: 'volume',
          source: 'shop',
          asset: 'main.events',
          config: { exact: true, backfill: { timestampColumn: 'created_at', days: 14 } },
        },
      });
      expect(created.statusCode).toBe(201);
      const body = created.json();
      expect(body.backfill).toMatchObject({ status: 'trained', buckets: 14 * 24, metrics: ['rows_added'] });
      expect(body.nextRunAt).toBe('2026-03-29T03:00:00.000Z');

      const broken = await app.inject({
        method: 'POST',
        url: '/api/v1/monitors',
        headers: admin,
        payload: {
          name: 'events volume, no such column',
          kind: 'volume',
          source: 'shop',
          asset: 'main.events',
          config: { backfill: { timestampColumn: 'nope' } },
        },
      });
      expect(broken.statusCode).toBe(201);
      expect(broken.json().backfill).toMatchObject({
        status: 'error',
        message: expect.stringMatching(/nope/),
      });

      const again = await app.inject({
        method: 'POST',
        url: `/api/v1/monitors/${broken.json().id}/backfill`,
        headers: admin,
        payload: { timestampColumn: 'created_at', days: 2, bucket: 'day' },
      });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ status: 'trained', bucket: 'day', buckets: 2 });
      const denied = await app.inject({
        method: 'POST',
        url: `/api/v1/monitors/${body.id}/backfill`,
        headers: viewer,
        payload: {},
      });
      expect(denied.statusCode).toBe(403);

      const report = await app.inject({
        method: 'POST',
        url: `/api/v1/monitors/${body.id}/backtest`,
        headers: viewer,
        payload: { days: 14, sensitivity: 'high' },
      });
      expect(report.statusCode).toBe(200);
      expect(report.json()).toMatchObject({
        sensitivity: 'high',
        series: [{ metric: 'rows_added', summary: { points: 14 * 24 } }],
      });
    } finally {
      await app.close();
    }
  });
});
