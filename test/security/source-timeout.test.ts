import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillMonitor } from '../../src/services/backfill-monitor.js';
import { createMonitor } from '../../src/services/monitors.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import type { SourceDefinition } from '../../src/sources/definition.js';
import { SOURCE_KINDS, sourceDefinition } from '../../src/sources/registry.js';
import { configFromUrl } from '../../src/sources/testing/url.js';
import { DEFAULT_SCHEDULER, runDueMonitors } from '../../src/worker/scheduler.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testServer } from '../support/servers.js';
import { openTestStore, type TestStore, testContext, testSecrets } from '../support/stores.js';

const pgUrl = testServer('VIGIL_TEST_PG_WAREHOUSE_URL');
const myUrl = testServer('VIGIL_TEST_MYSQL_URL');
const catalog = createSourceCatalog(SOURCE_KINDS.map((k) => sourceDefinition(k) as SourceDefinition));

/** The source's limit, and a bound far below the 60 s every call used to get whatever the source said. */
const SOURCE_LIMIT_MS = 1_000;
const WELL_BELOW_DEFAULT_MS = 20_000;

const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
};

/**
 * A source's queryTimeoutMs is what its statements may run, whoever asks: the scheduler, a
 * responder's preview, a backfill. The engine cancels the statement there (statement_timeout,
 * max_statement_time), so a slow warehouse query stops rather than holding a connection 60 s.
 */
describe.each([
  {
    engine: 'postgres',
    url: pgUrl,
    sleep: (s: number) => `SELECT 1 AS value FROM pg_sleep(${s})`,
    slowView: (schema: string) =>
      `CREATE VIEW ${schema}.slow AS SELECT now() - interval '1 hour' AS created_at, 1 AS v FROM pg_sleep(30)`,
  },
  {
    engine: 'mysql',
    url: myUrl,
    sleep: (s: number) => `SELECT 1 AS value FROM (SELECT sleep(${s})) AS s`,
    slowView: (schema: string) =>
      `CREATE VIEW ${schema}.slow AS SELECT now() - interval 1 hour AS created_at, 1 AS v FROM (SELECT sleep(30)) AS s`,
  },
])('a $engine source whose queryTimeoutMs is 1 s', ({ engine, url, sleep, slowView }) => {
  const schema = `vigil_slow_${randomBytes(4).toString('hex')}`;
  let t: TestStore;
  let h: TestApp;
  let drop: () => Promise<void>;
  const sources = new SourceProvider(catalog.factory, testSecrets);

  beforeAll(async () => {
    if (!url) return;
    const base = configFromUrl(url);
    if (engine === 'postgres') {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.query(slowView(schema));
      drop = async () => {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      };
    } else {
      const admin = await mysql.createConnection({ ...base });
      await admin.query(`CREATE DATABASE ${schema}`);
      await admin.query(slowView(schema));
      drop = async () => {
        await admin.query(`DROP DATABASE ${schema}`);
        await admin.end();
      };
    }
    t = await openTestStore('pglite');
    await createSource({
      ctx: testContext(t.store),
      input: {
        name: 'slow',
        kind: engine,
        config: {
          host: base.host,
          port: base.port,
          database: engine === 'mysql' ? schema : base.database,
          user: base.user,
          queryTimeoutMs: SOURCE_LIMIT_MS,
        },
        secrets: { password: base.password },
        validate: catalog.validate,
      },
    });
    // The runner's own default stays the long one: the source's setting must win.
    h = await buildTestApp(t.store, { runner: { sources, timeoutMs: 60_000, workerId: 'test' } });
  });
  afterAll(async () => {
    await h?.app.close();
    await sources.closeAll();
    await t?.dispose();
    await drop?.();
  });

  it.skipIf(!url)(
    'cancels a scheduled check at the source limit',
    async () => {
      const ctx = testContext(t.store);
      await createMonitor({
        ctx,
        input: {
          name: 'slow metric',
          kind: 'custom_sql',
          source: 'slow',
          asset: `${schema}.slow`,
          config: { sql: sleep(30), bounds: { min: 1, max: 1 } },
          schedule: { every: '5m' },
          severity: 'ticket',
          labels: {},
          description: '',
          enabled: true,
        },
      });
      const { value: ran, ms } = await timed(() =>
        runDueMonitors(ctx, { ...DEFAULT_SCHEDULER, sources, workerId: 'w' }),
      );
      expect(ran).toBe(1);
      const check = await t.store.db
        .selectFrom('check_results')
        .select(['status', 'message'])
        .executeTakeFirst();
      expect(check?.status).toBe('error');
      expect(check?.message).toMatch(/time limit|ran past/);
      expect(ms).toBeGreaterThanOrEqual(SOURCE_LIMIT_MS * 0.9);
      expect(ms).toBeLessThan(WELL_BELOW_DEFAULT_MS);
    },
    90_000,
  );

  it.skipIf(!url)(
    "cancels a responder's preview at the source limit",
    async () => {
      const { value: res, ms } = await timed(() =>
        h.app.inject({
          method: 'POST',
          url: '/api/v1/monitors/preview',
          headers: h.as.responder,
          payload: {
            kind: 'custom_sql',
            source: 'slow',
            asset: `${schema}.slow`,
            config: { sql: sleep(30), bounds: { min: 1, max: 1 } },
          },
        }),
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe('error');
      expect(res.json().message).toMatch(/time limit|ran past/);
      expect(ms).toBeLessThan(WELL_BELOW_DEFAULT_MS);
    },
    90_000,
  );

  it.skipIf(!url)(
    'cancels a backfill at the source limit',
    async () => {
      const ctx = testContext(t.store);
      const m = await createMonitor({
        ctx,
        input: {
          name: 'slow volume',
          kind: 'volume',
          source: 'slow',
          asset: `${schema}.slow`,
          config: { exact: true, backfill: { timestampColumn: 'created_at', days: 2, bucket: 'hour' } },
          schedule: { every: '1h' },
          severity: 'ticket',
          labels: {},
          description: '',
          enabled: true,
        },
      });
      const { value: b, ms } = await timed(() =>
        backfillMonitor({ ctx, input: { monitorId: m.id, deps: { sources, timeoutMs: 60_000 } } }),
      );
      expect(b.status).toBe('error');
      expect(b.message).toMatch(/time limit|ran past/);
      expect(ms).toBeLessThan(WELL_BELOW_DEFAULT_MS);
    },
    90_000,
  );
});
