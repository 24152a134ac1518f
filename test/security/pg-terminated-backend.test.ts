import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitor } from '../../src/services/monitors.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import type { SourceDefinition } from '../../src/sources/definition.js';
import { SOURCE_KINDS, sourceDefinition } from '../../src/sources/registry.js';
import { DEFAULT_SCHEDULER, runDueMonitors } from '../../src/worker/scheduler.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testServer } from '../support/servers.js';
import { openTestStore, type TestStore, testContext, testSecrets } from '../support/stores.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const warehouse = testServer('VIGIL_TEST_PG_WAREHOUSE_URL');
const catalog = createSourceCatalog(SOURCE_KINDS.map((k) => sourceDefinition(k) as SourceDefinition));
const DRIVER_TEXT = /terminat|unexpectedly|administrator|SQLSTATE|pg_sleep|select/i;

/** Waits until the warehouse shows a statement carrying `marker` running, and answers its pid. */
async function runningPid(admin: pg.Client, marker: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await admin.query(
      `SELECT pid FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid() AND state = 'active'`,
      [`%${marker}%`],
    );
    if (rows[0]) return Number(rows[0].pid);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no statement with ${marker} started`);
}

/**
 * A monitored PostgreSQL that drops Vigil's connection in the middle of a check (an admin kill, a
 * restart, a network cut) must never take Vigil down: the check ends in error with a message of
 * Vigil's own, and the next run reconnects.
 */
describe.skipIf(!warehouse)('a PostgreSQL warehouse that drops the connection mid-check', () => {
  const url = new URL(warehouse ?? 'postgres://x@localhost/x');
  const schema = `vigil_kill_${randomBytes(4).toString('hex')}`;
  const crashes: unknown[] = [];
  const onCrash = (e: unknown) => crashes.push(e);
  let t: TestStore;
  let h: TestApp;
  let admin: pg.Client;
  let proxy: TcpProxy;
  const sources = new SourceProvider(catalog.factory, testSecrets);
  const preview = (source: string, sql: string) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/monitors/preview',
      headers: h.as.responder,
      payload: {
        kind: 'custom_sql',
        source,
        asset: `${schema}.delay`,
        config: { sql, bounds: { min: 1, max: 1 } },
      },
    });
  const addSource = (name: string, port: number) =>
    createSource({
      ctx: testContext(t.store),
      input: {
        name,
        kind: 'postgres',
        config: { host: url.hostname, port, database: url.pathname.slice(1), user: url.username },
        secrets: { password: decodeURIComponent(url.password) },
        validate: catalog.validate,
      },
    });

  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    admin = new pg.Client({ connectionString: warehouse });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`CREATE TABLE ${schema}.delay (seconds float8)`);
    await admin.query(`INSERT INTO ${schema}.delay VALUES (0)`);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    t = await openTestStore('pglite');
    await addSource('direct', Number(url.port || 5432));
    await addSource('relayed', proxy.port);
    h = await buildTestApp(t.store, { runner: { sources, timeoutMs: 60_000, workerId: 'test' } });
  });
  afterAll(async () => {
    process.off('uncaughtException', onCrash);
    await h?.app.close();
    await sources.closeAll();
    await proxy?.close();
    await t?.dispose();
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
  });

  it('survives its backend being terminated by an admin during a preview, then previews again', async () => {
    const marker = `kill_me_${randomBytes(3).toString('hex')}`;
    const running = preview('direct', `SELECT 1 AS ${marker} FROM pg_sleep(30)`);
    const pid = await runningPid(admin, marker);
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    const res = await running;
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.status).toBe('error');
    expect(body.message).toMatch(/lost the connection to PostgreSQL/);
    expect(body.message).not.toMatch(DRIVER_TEXT);

    const again = await preview('direct', 'SELECT 1');
    expect(again.json().status, again.body).toBe('pass');
    expect(crashes).toEqual([]);
  }, 60_000);

  it('survives custom SQL that terminates its own backend', async () => {
    const res = await preview('direct', 'SELECT pg_terminate_backend(pg_backend_pid())');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('error');
    expect(res.json().message).not.toMatch(/unexpectedly|administrator|SQLSTATE/);
    const again = await preview('direct', 'SELECT 1');
    expect(again.json().status, again.body).toBe('pass');
    expect(crashes).toEqual([]);
  }, 60_000);

  it('survives a warehouse restart (every connection cut) during a scheduled check, and the next run passes', async () => {
    const ctx = testContext(t.store);
    await createMonitor({
      ctx,
      input: {
        name: 'slow metric',
        kind: 'custom_sql',
        source: 'relayed',
        asset: `${schema}.delay`,
        config: {
          sql: `SELECT 1 AS value FROM pg_sleep((SELECT seconds FROM ${schema}.delay))`,
          bounds: { min: 1, max: 1 },
        },
        schedule: { every: '5m' },
        severity: 'ticket',
        labels: {},
        description: '',
        enabled: true,
      },
    });
    const opts = { ...DEFAULT_SCHEDULER, sources, workerId: 'w' };
    // A first run opens the pool; a second one is cut while it sleeps.
    expect(await runDueMonitors(ctx, opts)).toBe(1);
    await admin.query(`UPDATE ${schema}.delay SET seconds = 30`);
    ctx.clock.advance(6 * 60_000);
    const run = runDueMonitors(ctx, opts);
    await runningPid(admin, `${schema}.delay))`);
    proxy.cut();
    expect(await run).toBe(1);
    await admin.query(`UPDATE ${schema}.delay SET seconds = 0`);

    const statuses = async () =>
      (
        await t.store.db.selectFrom('check_results').select(['status', 'message']).orderBy('id').execute()
      ).map((c) => c.status);
    const cutCheck = (
      await t.store.db.selectFrom('check_results').select(['status', 'message']).orderBy('id').execute()
    )[1];
    expect(cutCheck?.status).toBe('error');
    expect(cutCheck?.message).toMatch(/lost the connection to PostgreSQL/);
    expect(cutCheck?.message).not.toMatch(DRIVER_TEXT);

    // Past any back-off the source earned, the next run reconnects through the same relay.
    ctx.clock.advance(3 * 3_600_000);
    expect(await runDueMonitors(ctx, opts)).toBe(1);
    expect(await statuses()).toEqual(['pass', 'error', 'pass']);
    expect(crashes).toEqual([]);
  }, 90_000);
});
