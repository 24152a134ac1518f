import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitor } from '../../src/services/monitors.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import { SOURCE_KINDS, sourceDefinition } from '../../src/sources/registry.js';
import type { SourceDefinition } from '../../src/sources/definition.js';
import { DEFAULT_SCHEDULER, runDueMonitors } from '../../src/worker/scheduler.js';
import { testServer } from '../support/servers.js';
import { openTestStore, testContext, testSecrets, type TestStore } from '../support/stores.js';

const warehouse = testServer('VIGIL_TEST_PG_WAREHOUSE_URL');
const catalog = createSourceCatalog(SOURCE_KINDS.map((k) => sourceDefinition(k) as SourceDefinition));

describe.skipIf(!warehouse)('a warehouse that refuses Vigil', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('pglite');
  });
  afterAll(async () => t?.dispose());

  it('turns its monitors into errors (not failures), raises one source alert, and backs off', async () => {
    const ctx = testContext(t.store);
    const url = new URL(warehouse as string);
    await createSource({
      ctx,
      input: {
        name: 'shop-pg',
        kind: 'postgres',
        config: {
          host: url.hostname,
          port: Number(url.port),
          database: url.pathname.slice(1),
          user: url.username,
        },
        secrets: { password: 'definitely-wrong' },
        validate: catalog.validate,
      },
    });
    for (const table of ['orders', 'payments', 'customers']) {
      await createMonitor({
        ctx,
        input: {
          name: `${table} volume`,
          kind: 'volume',
          source: 'shop-pg',
          asset: `public.${table}`,
          config: {},
          schedule: { every: '5m' },
          severity: 'ticket',
          labels: {},
          description: '',
          enabled: true,
        },
      });
    }
    const sources = new SourceProvider(catalog.factory, testSecrets);
    const opts = { ...DEFAULT_SCHEDULER, sources, workerId: 'w' };
    expect(await runDueMonitors(ctx, opts)).toBe(3);

    const checks = await t.store.db.selectFrom('check_results').selectAll().execute();
    expect(checks.map((c) => c.status)).toEqual(['error', 'error', 'error']);
    expect(checks[0]?.message).toMatch(/password|credentials|refused/i);
    expect(checks[0]?.message).not.toContain('definitely-wrong');

    const alerts = await t.store.db.selectFrom('alerts').selectAll().execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      origin: 'source',
      status: 'firing',
      title: 'source shop-pg is down',
      labels: { kind: 'source_down' },
    });

    // Backoff: the next run waits one interval, the one after two, then four.
    const next = async () =>
      (
        await t.store.db.selectFrom('monitors').select('next_run_at').executeTakeFirstOrThrow()
      ).next_run_at.getTime() - ctx.clock.now().getTime();
    expect(await next()).toBe(5 * 60_000);
    ctx.clock.advance(5 * 60_000);
    await runDueMonitors(ctx, opts);
    expect(await next()).toBe(10 * 60_000);
    ctx.clock.advance(10 * 60_000);
    await runDueMonitors(ctx, opts);
    expect(await next()).toBe(20 * 60_000);
    expect(await t.store.db.selectFrom('alerts').selectAll().execute()).toHaveLength(1);
    await sources.closeAll();
  });
});
