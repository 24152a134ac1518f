import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore } from '../support/stores.js';

const artifact = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../src/ingest/dbt/fixtures/${name}.json`, import.meta.url), 'utf8'));
const NS = 'postgres://warehouse:5432';
const enc = encodeURIComponent;

describe('dbt import and the catalog API', () => {
  let t: TestStore;
  let a: TestApp;
  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
  });
  afterAll(async () => {
    await a.app.close();
    await t.dispose();
  });

  const get = (url: string) => a.app.inject({ url, headers: a.as.viewer });
  const importDbt = (payload: object) =>
    a.app.inject({ method: 'POST', url: '/api/v1/integrations/dbt', headers: a.as.admin, payload });

  it('refuses a dbt version it cannot read, naming the version, and stores nothing', async () => {
    const manifest = artifact('manifest-v12');
    (manifest.metadata as Record<string, unknown>).dbt_schema_version =
      'https://schemas.getdbt.com/dbt/manifest/v13.json';
    const res = await importDbt({ manifest });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/manifest v13 is not supported/);
    expect(res.json().error.details[0].path).toBe('body.manifest.metadata.dbt_schema_version');
    expect(await t.store.db.selectFrom('assets').select('id').execute()).toEqual([]);
  });

  it('only admins may import', async () => {
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/dbt',
      headers: a.as.responder,
      payload: { manifest: artifact('manifest-v12') },
    });
    expect(res.statusCode).toBe(403);
  });

  it('imports the three artifacts: assets, lineage, and alerts for failing tests and freshness', async () => {
    const res = await importDbt({
      manifest: artifact('manifest-v12'),
      run_results: artifact('run-results-v6'),
      sources: artifact('sources-v3'),
      namespace: NS,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.project).toBe('jaffle_shop');
    expect(body.edges).toBeGreaterThan(0);

    const models = (await get('/api/v1/assets?type=model')).json().items;
    expect(models.length).toBe(3);
    const orders = models.find((m: { externalId: string }) => m.externalId === 'model.jaffle_shop.orders');
    expect(orders.name.startsWith(`${NS}/`)).toBe(true);
    expect((await get('/api/v1/assets?type=dashboard')).json().items).toHaveLength(1);

    // An exposure reads the orders model: it is in the model's blast radius.
    const impact = (await get(`/api/v1/assets/${enc(orders.name)}/impact`)).json();
    expect(impact.assets.map((n: { type: string }) => n.type)).toContain('dashboard');

    const alerts = (await get('/api/v1/alerts?status=firing')).json().items as Array<{
      fingerprint: string;
      labels: Record<string, string>;
    }>;
    const fingerprints = alerts.map((x) => x.fingerprint);
    expect(fingerprints).toEqual(
      expect.arrayContaining([
        'dbt:test.jaffle_shop.unique_orders_order_id.a1b2c3d4e5',
        'dbt:test.jaffle_shop.assert_no_negative_amounts',
        'dbt:source.jaffle_shop.shop.orders#freshness',
      ]),
    );
    // The passing test raised nothing; the skipped one neither.
    expect(fingerprints).not.toContain('dbt:test.jaffle_shop.not_null_orders_order_id.a1b2c3d4e5');
    // The model that errored fires its pipeline alert.
    expect(alerts.some((x) => x.labels.kind === 'pipeline_failure')).toBe(true);

    const detail = (await get(`/api/v1/assets/${enc(orders.name)}`)).json();
    expect(detail.alerts.map((x: { fingerprint: string }) => x.fingerprint)).toContain(
      'dbt:test.jaffle_shop.unique_orders_order_id.a1b2c3d4e5',
    );
  });

  it('a later run where the test passes resolves its alert', async () => {
    const results = artifact('run-results-v6');
    for (const r of results.results as Array<Record<string, unknown>>) {
      if (String(r.unique_id).startsWith('test.')) r.status = 'pass';
      if (r.status === 'error') r.status = 'success';
      r.failures = 0;
    }
    const res = await importDbt({ manifest: artifact('manifest-v12'), run_results: results, namespace: NS });
    expect(res.statusCode).toBe(200);
    const firing = (await get('/api/v1/alerts?status=firing')).json().items as Array<{ fingerprint: string }>;
    // Freshness was not re-checked: those alerts stand until sources.json says otherwise.
    expect(firing.map((x) => x.fingerprint).sort()).toEqual([
      'dbt:source.jaffle_shop.shop.customers#freshness',
      'dbt:source.jaffle_shop.shop.orders#freshness',
    ]);
  });

  it('walks lineage upstream within the depth asked for', async () => {
    const [orders] = (await get('/api/v1/assets?q=orders&type=model'))
      .json()
      .items.filter((m: { externalId: string }) => m.externalId === 'model.jaffle_shop.orders');
    const one = (await get(`/api/v1/lineage/${enc(orders.name)}?direction=upstream&depth=1`)).json();
    const all = (await get(`/api/v1/lineage/${enc(orders.name)}?direction=upstream&depth=5`)).json();
    expect(one.nodes.every((n: { depth: number }) => n.depth === 1)).toBe(true);
    expect(all.nodes.length).toBeGreaterThan(one.nodes.length);
    expect(all.nodes.some((n: { type: string }) => n.type === 'source')).toBe(true);
    expect((await get(`/api/v1/lineage/${enc(`${NS}/nope`)}`)).statusCode).toBe(404);
  });

  it('curates an asset, audits it, and suggests PII from column names', async () => {
    const [customers] = (await get('/api/v1/assets?type=model&q=customers')).json().items;
    const url = `/api/v1/assets/${enc(customers.name)}`;
    const suggestions = (await get(`${url}/pii-suggestions`)).json().items;
    const patch = {
      owner: 'team-growth',
      domain: 'sales',
      tags: ['pii', 'gold'],
      columns: Object.fromEntries(
        suggestions.map((s: { column: string; class: string }) => [s.column, { pii: s.class }]),
      ),
    };
    expect(
      (await a.app.inject({ method: 'PATCH', url, headers: a.as.responder, payload: patch })).statusCode,
    ).toBe(403);
    const res = await a.app.inject({ method: 'PATCH', url, headers: a.as.admin, payload: patch });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ owner: 'team-growth', domain: 'sales', tags: ['pii', 'gold'] });
    expect((await get(`${url}/pii-suggestions`)).json().items).toEqual([]);
    expect((await get('/api/v1/assets?owner=team-growth&tag=gold')).json().items).toHaveLength(1);
    const audit = await t.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'asset.update')
      .execute();
    expect(audit).toHaveLength(1);

    // A re-import keeps what people set.
    await importDbt({ manifest: artifact('manifest-v12'), namespace: NS });
    expect((await get(url)).json()).toMatchObject({ owner: 'team-growth', domain: 'sales' });

    const unknown = await a.app.inject({
      method: 'PATCH',
      url,
      headers: a.as.admin,
      payload: { columns: { no_such_column: { pii: 'email' } } },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe('body.columns.no_such_column');
  });
});
