import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../shared/result.js';
import { parseDbtArtifact, parseDbtManifest, parseDbtRunResults, parseDbtSourceFreshness } from './index.js';

type Json = Record<string, unknown> & { metadata: Record<string, unknown> };
const load = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Json;
const asVersion = (j: Json, kind: string, v: number): Json => {
  j.metadata.dbt_schema_version = `https://schemas.getdbt.com/dbt/${kind}/v${v}.json`;
  return j;
};

function project(j: unknown = load('manifest-v12')) {
  const p = parseDbtManifest(j);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.value;
}

describe('dbt manifest', () => {
  it('turns models, sources, seeds, snapshots and exposures into assets', () => {
    const p = project();
    expect(p).toMatchObject({
      schemaVersion: 12,
      dbtVersion: '1.9.4',
      projectName: 'jaffle_shop',
      adapterType: 'postgres',
    });
    expect(p.assets.map((a) => `${a.kind}:${a.name}`).sort()).toEqual([
      'exposure:Weekly revenue',
      'model:orders',
      'model:stg_customers',
      'model:stg_orders',
      'seed:country_codes',
      'snapshot:orders_snapshot',
      'source:customers',
      'source:orders',
    ]);
    const orders = p.assets.find((a) => a.id === 'model.jaffle_shop.orders')!;
    expect(orders).toMatchObject({
      database: 'analytics',
      schema: 'marts',
      identifier: 'orders',
      relationName: '"analytics"."marts"."orders"',
      owner: 'finance-data@acme.io',
      materialized: 'table',
      tags: ['finance', 'tier1'],
    });
    expect(orders.columns[0]).toEqual({
      name: 'order_id',
      dataType: 'integer',
      description: 'One row per order',
    });
    const rawOrders = p.assets.find((a) => a.id === 'source.jaffle_shop.shop.orders')!;
    expect(rawOrders).toMatchObject({
      database: 'raw',
      schema: 'shop',
      identifier: 'orders',
      owner: 'platform@acme.io',
    });
    expect(rawOrders.freshness).toEqual({
      warnAfterSeconds: 7200,
      errorAfterSeconds: 21600,
      loadedAtField: '_etl_loaded_at',
    });
    expect(p.assets.find((a) => a.kind === 'exposure')).toMatchObject({
      exposureType: 'dashboard',
      owner: 'cfo-office@acme.io',
      url: 'https://bi.acme.io/dashboards/42',
    });
  });

  it('turns tests and freshness rules into monitors of record', () => {
    const byId = new Map(project().monitors.map((m) => [m.id, m]));
    expect(byId.get('test.jaffle_shop.unique_orders_order_id.a1b2c3d4e5')).toEqual({
      id: 'test.jaffle_shop.unique_orders_order_id.a1b2c3d4e5',
      kind: 'dbt_test',
      name: 'unique_orders_order_id',
      test: 'unique',
      severity: 'error',
      assetId: 'model.jaffle_shop.orders',
      column: 'order_id',
      dependsOn: ['model.jaffle_shop.orders'],
    });
    expect(
      byId.get(
        'test.jaffle_shop.accepted_values_stg_orders_status__placed__shipped__completed__returned.a1b2c3d4e5',
      ),
    ).toMatchObject({ severity: 'warn', column: 'status' });
    expect(byId.get('test.jaffle_shop.assert_no_negative_amounts')).toMatchObject({
      test: 'singular',
      assetId: 'model.jaffle_shop.orders',
    });
    expect(byId.get('source.jaffle_shop.shop.orders#freshness')).toMatchObject({
      kind: 'dbt_source_freshness',
      severity: 'error',
    });
    // A source without a freshness rule has no freshness monitor.
    expect(byId.has('source.jaffle_shop.shop.customers#freshness')).toBe(false);
  });

  it('draws lineage from parent_map, and from depends_on when parent_map is missing', () => {
    const edges = (p: ReturnType<typeof project>) => p.edges.map((e) => `${e.from} -> ${e.to}`).sort();
    const fromParentMap = edges(project());
    expect(fromParentMap).toContain('model.jaffle_shop.orders -> exposure.jaffle_shop.weekly_revenue');
    expect(fromParentMap).toContain('seed.jaffle_shop.country_codes -> model.jaffle_shop.orders');
    expect(fromParentMap.some((e) => e.includes('test.'))).toBe(false);
    const j = load('manifest-v12');
    delete j.parent_map;
    expect(edges(project(j))).toEqual(fromParentMap);
  });

  it('reads v10 and v11, and older manifests with the same fields', () => {
    for (const v of [4, 7, 9, 10, 11])
      expect(project(asVersion(load('manifest-v12'), 'manifest', v)).schemaVersion).toBe(v);
    // Before v10 there was no attached_node: a test reading one asset is about that asset.
    const j = asVersion(load('manifest-v12'), 'manifest', 9);
    for (const n of Object.values(j.nodes as Record<string, Record<string, unknown>>)) delete n.attached_node;
    const m = project(j).monitors.find((x) => x.name === 'not_null_orders_order_id')!;
    expect(m.assetId).toBe('model.jaffle_shop.orders');
  });

  it('refuses a version it cannot read, naming it', () => {
    const p = parseDbtManifest(asVersion(load('manifest-v12'), 'manifest', 13));
    expect(p.ok ? [] : p.errors.map(formatFieldError)).toEqual([
      '/metadata/dbt_schema_version: dbt manifest v13 is not supported; Vigil reads manifest v4–v12',
    ]);
    const old = parseDbtManifest(asVersion(load('manifest-v12'), 'manifest', 3));
    expect(old.ok ? '' : old.errors[0]!.message).toBe(
      'dbt manifest v3 is not supported; Vigil reads manifest v4–v12',
    );
    const wrong = parseDbtManifest(load('run-results-v6'));
    expect(wrong.ok ? '' : wrong.errors[0]!.message).toBe('is a dbt run-results v6, not a manifest');
  });

  it('names the field paths of a damaged manifest', () => {
    const j = load('manifest-v12');
    (j.nodes as Record<string, Record<string, unknown>>)['model.jaffle_shop.orders']!.name = 5;
    delete (j.sources as Record<string, Record<string, unknown>>)['source.jaffle_shop.shop.orders']!
      .package_name;
    const p = parseDbtManifest(j);
    expect(p.ok ? [] : p.errors.map(formatFieldError).sort()).toEqual([
      '/nodes/model.jaffle_shop.orders/name: must be string',
      '/sources/source.jaffle_shop.shop.orders/package_name: is required',
    ]);
  });
});

describe('dbt run results', () => {
  it('turns test outcomes into check results and model executions into runs', () => {
    const p = parseDbtRunResults(load('run-results-v6'));
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    expect(p.value.checks).toEqual([
      {
        monitorId: 'test.jaffle_shop.not_null_orders_order_id.a1b2c3d4e5',
        status: 'pass',
        observed: 0,
        at: '2026-01-05T06:11:11.400000Z',
      },
      {
        monitorId: 'test.jaffle_shop.unique_orders_order_id.a1b2c3d4e5',
        status: 'fail',
        severity: 'error',
        observed: 17,
        message: 'Got 17 results, configured to fail if != 0',
        at: '2026-01-05T06:11:11.600000Z',
      },
      expect.objectContaining({ status: 'fail', severity: 'warn', observed: 2 }),
      expect.objectContaining({ monitorId: 'test.jaffle_shop.assert_no_negative_amounts', status: 'error' }),
    ]);
    expect(p.value.runs.map((r) => [r.assetId, r.status, r.rowsAffected])).toEqual([
      ['model.jaffle_shop.stg_orders', 'success', undefined],
      ['model.jaffle_shop.orders', 'success', 48213],
      ['model.jaffle_shop.stg_customers', 'error', undefined],
    ]);
    expect(p.value.runs[1]).toMatchObject({
      startedAt: '2026-01-05T06:10:03.000000Z',
      completedAt: '2026-01-05T06:11:10.250000Z',
      executionSeconds: 67.25,
    });
  });

  it('reads v4 and v5, refuses v3 and v7', () => {
    for (const v of [4, 5])
      expect(parseDbtRunResults(asVersion(load('run-results-v6'), 'run-results', v)).ok).toBe(true);
    for (const v of [3, 7]) {
      const p = parseDbtRunResults(asVersion(load('run-results-v6'), 'run-results', v));
      expect(p.ok ? '' : p.errors[0]!.message).toBe(
        `dbt run-results v${v} is not supported; Vigil reads run-results v4–v6`,
      );
    }
  });
});

describe('dbt source freshness', () => {
  it('turns warn into a failing check at warn severity and a runtime error into an error', () => {
    const p = parseDbtSourceFreshness(load('sources-v3'));
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    expect(p.value.checks).toEqual([
      {
        monitorId: 'source.jaffle_shop.shop.orders#freshness',
        assetId: 'source.jaffle_shop.shop.orders',
        status: 'fail',
        severity: 'warn',
        observed: 12720.102391,
        expected: 7200,
        message: 'last loaded 3h 32m ago (warn after 2h 0m, error after 6h 0m)',
        at: '2026-01-05T06:12:00.102391+00:00',
      },
      {
        monitorId: 'source.jaffle_shop.shop.customers#freshness',
        assetId: 'source.jaffle_shop.shop.customers',
        status: 'error',
        message: 'Database Error in source customers\n  relation "shop.customers" does not exist',
        at: '2026-01-05T06:12:03.415927Z',
      },
    ]);
  });
});

describe('parseDbtArtifact', () => {
  it('tells the three artifacts apart', () => {
    const kinds = ['manifest-v12', 'run-results-v6', 'sources-v3'].map((n) => {
      const p = parseDbtArtifact(load(n));
      return p.ok ? p.value.kind : 'invalid';
    });
    expect(kinds).toEqual(['manifest', 'run-results', 'sources']);
  });

  it('never throws on arbitrary JSON, nor on artifacts with damaged bodies', () => {
    const withMeta = fc.record({
      metadata: fc.record({
        dbt_schema_version: fc.constantFrom(
          ...['manifest/v12', 'run-results/v6', 'sources/v3'].map(
            (k) => `https://schemas.getdbt.com/dbt/${k}.json`,
          ),
        ),
      }),
      nodes: fc.jsonValue(),
      sources: fc.jsonValue(),
      results: fc.jsonValue(),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), withMeta), (v) => {
        const p = parseDbtArtifact(v);
        if (!p.ok) for (const e of p.errors) expect(e.path === '' || e.path.startsWith('/')).toBe(true);
      }),
    );
  });
});
