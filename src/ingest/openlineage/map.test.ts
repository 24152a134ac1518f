import { describe, expect, it } from 'vitest';
import { foldRunEvents } from '../../domain/pipeline-run.js';
import { fixture, setIn } from './fixtures.test-support.js';
import { type LineageObservation, mapOpenLineageEvent, parseOpenLineageEvent } from './index.js';

function observe(name: string, change?: (e: Record<string, unknown>) => void): LineageObservation {
  const e = fixture(name);
  change?.(e);
  const parsed = parseOpenLineageEvent(e);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return mapOpenLineageEvent(parsed.value);
}

const orders = { namespace: 'postgres://orders-db:5432', name: 'shop.public.orders' };
const stg = { namespace: 'postgres://warehouse:5432', name: 'analytics.staging.stg_orders' };
const job = { namespace: 'airflow-prod', name: 'daily_orders.load_orders' };

describe('mapOpenLineageEvent', () => {
  it('gives the job, the run with its parent, and the transition for the run state machine', () => {
    const o = observe('run-start');
    expect(o.job).toMatchObject(job);
    expect(o.run).toMatchObject({
      runId: '01941f29-7c00-7087-8e1a-0a5d8b3e2f10',
      eventType: 'START',
      parent: {
        runId: '01941f29-6a00-7d42-b5e6-55c0f1f2a001',
        job: { namespace: 'airflow-prod', name: 'daily_orders' },
      },
      nominalStartTime: '2026-01-05T03:00:00Z',
    });
    const done = observe('run-complete');
    const state = foldRunEvents([done.run!.transition, o.run!.transition]);
    expect(state.ok && state.state.status).toBe('completed');
  });

  it('draws lineage from every input to every output, with the column mappings', () => {
    const o = observe('run-complete');
    const edges = o.edges.map((e) => [e.from.name, e.to.name, e.via?.name, e.columns.length]);
    expect(edges).toEqual([
      ['shop.public.orders', 'analytics.staging.stg_orders', job.name, 2],
      ['shop.public.customers', 'analytics.staging.stg_orders', job.name, 1],
      // Only the column lineage names the rates table; it is an upstream all the same.
      ['shop.public.rates', 'analytics.staging.stg_orders', job.name, 1],
    ]);
    expect(o.edges[0]!.columns).toEqual([
      { from: 'id', to: 'id', transformation: { type: 'DIRECT', subtype: 'IDENTITY' } },
      { from: 'amount', to: 'amount_usd', transformation: { type: 'DIRECT', subtype: 'TRANSFORMATION' } },
    ]);
  });

  it('turns schema facets into snapshots, output statistics into volume points, failed assertions into failures', () => {
    const o = observe('run-complete');
    expect(o.schemas.map((s) => [s.dataset.name, s.fields.map((f) => f.name)])).toEqual([
      ['shop.public.orders', ['id', 'amount', 'ccy', 'customer_id']],
      ['analytics.staging.stg_orders', ['id', 'amount_usd', 'country']],
    ]);
    expect(o.schemas[0]!.fields[1]).toEqual({ name: 'amount', type: 'numeric(12,2)', position: 2 });
    expect(o.volumes).toEqual([
      {
        dataset: stg,
        observedAt: '2026-01-05T03:04:51.870Z',
        rowCount: 48213,
        bytes: 5234112,
        runId: o.run!.runId,
      },
    ]);
    expect(o.assertionFailures).toEqual([
      {
        dataset: orders,
        observedAt: '2026-01-05T03:04:51.870Z',
        assertion: 'unique',
        column: 'id',
        severity: 'error',
        expected: '0',
        actual: '17',
        runId: o.run!.runId,
        job,
      },
    ]);
  });

  it('keeps unknown facets on the dataset it maps', () => {
    const o = observe('run-complete');
    expect(o.datasets.find((d) => d.role === 'output')!.facets.vigilCustomTag).toMatchObject({
      tier: 'gold',
    });
  });

  it('carries the error message of a failed run', () => {
    const o = observe('run-fail');
    expect(o.run!.eventType).toBe('FAIL');
    expect(o.run!.error!.message).toMatch(/TABLE_OR_VIEW_NOT_FOUND/);
    expect(o.run!.error!.programmingLanguage).toBe('JAVA');
    expect(o.edges).toEqual([]);
  });

  it('maps a dataset event to a snapshot with nested fields and job-less lineage', () => {
    const o = observe('dataset-event');
    expect(o.job).toBeUndefined();
    expect(o.run).toBeUndefined();
    expect(o.schemas[0]!.fields[2]).toEqual({
      name: 'ATTRIBUTES',
      type: 'OBJECT',
      fields: [{ name: 'channel', type: 'VARCHAR' }],
    });
    expect(o.edges).toEqual([
      {
        from: { namespace: 'snowflake://acme-xy12345', name: 'ANALYTICS.STAGING.STG_ORDERS' },
        to: { namespace: 'snowflake://acme-xy12345', name: 'ANALYTICS.MARTS.FCT_REVENUE' },
        columns: [{ from: 'AMOUNT_USD', to: 'REVENUE' }],
      },
    ]);
  });

  it('maps a job event to its declared lineage, and reads a run event without eventType as OTHER', () => {
    expect(observe('job-event').edges.map((e) => [e.from.name, e.to.name, e.via?.name])).toEqual([
      ['ANALYTICS.STAGING.STG_ORDERS', 'ANALYTICS.MARTS.FCT_REVENUE', 'analytics.marts.fct_revenue'],
    ]);
    const o = observe('run-start', (e) => {
      delete e.eventType;
    });
    expect(o.run!.transition.type).toBe('OTHER');
  });

  it('ignores a facet the producer marked deleted', () => {
    const o = observe('dataset-event', (e) => setIn(e, ['dataset', 'facets', 'schema', '_deleted'], true));
    expect(o.schemas).toEqual([]);
  });
});
