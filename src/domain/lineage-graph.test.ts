import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildLineageGraph,
  downstreamColumns,
  impactOf,
  type LineageEdgeInput,
  walkDownstream,
  walkUpstream,
} from './lineage-graph.js';

// raw.orders -> stg.orders -> fct.revenue -> dash.finance ; raw.customers -> stg.customers -> fct.revenue
const edges: LineageEdgeInput[] = [
  {
    from: 'raw.orders',
    to: 'stg.orders',
    via: 'dbt.stg_orders',
    columns: [{ from: 'amount', to: 'amount_usd' }],
  },
  {
    from: 'stg.orders',
    to: 'fct.revenue',
    via: 'dbt.fct_revenue',
    columns: [{ from: 'amount_usd', to: 'revenue' }],
  },
  { from: 'raw.customers', to: 'stg.customers', via: 'dbt.stg_customers' },
  { from: 'stg.customers', to: 'fct.revenue', via: 'dbt.fct_revenue' },
  { from: 'fct.revenue', to: 'dash.finance' },
];

describe('lineage graph', () => {
  const g = buildLineageGraph(edges, ['lonely.table']);

  it('walks downstream nearest first with depth, path and jobs', () => {
    const down = walkDownstream(g, 'raw.orders');
    expect(down.map((n) => [n.id, n.depth])).toEqual([
      ['stg.orders', 1],
      ['fct.revenue', 2],
      ['dash.finance', 3],
    ]);
    expect(down[2]!.path).toEqual(['raw.orders', 'stg.orders', 'fct.revenue', 'dash.finance']);
    expect(down[2]!.via).toEqual(['dbt.stg_orders', 'dbt.fct_revenue', undefined]);
  });

  it('stops at the depth limit', () => {
    expect(walkDownstream(g, 'raw.orders', { maxDepth: 2 }).map((n) => n.id)).toEqual([
      'stg.orders',
      'fct.revenue',
    ]);
  });

  it('walks upstream to every source of a dashboard', () => {
    const up = walkUpstream(g, 'dash.finance');
    expect(new Set(up.map((n) => n.id))).toEqual(
      new Set(['fct.revenue', 'stg.orders', 'stg.customers', 'raw.orders', 'raw.customers']),
    );
    expect(up.find((n) => n.id === 'raw.customers')!.depth).toBe(3);
  });

  it('gives the blast radius, empty for unknown or isolated assets', () => {
    expect(impactOf(g, ['raw.customers'])).toEqual(new Set(['stg.customers', 'fct.revenue', 'dash.finance']));
    expect(impactOf(g, 'nope').size).toBe(0);
    expect(impactOf(g, 'lonely.table').size).toBe(0);
    expect(g.has('lonely.table')).toBe(true);
  });

  it('survives cycles', () => {
    const c = buildLineageGraph([
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a' },
    ]);
    expect(walkDownstream(c, 'a').map((n) => n.id)).toEqual(['b']);
    expect(impactOf(c, 'a')).toEqual(new Set(['b']));
  });

  it('follows one column through its mappings', () => {
    expect(downstreamColumns(g, { asset: 'raw.orders', column: 'amount' })).toEqual([
      { asset: 'stg.orders', column: 'amount_usd', depth: 1 },
      { asset: 'fct.revenue', column: 'revenue', depth: 2 },
    ]);
  });

  it('finds the same nodes at the same depths as a naive scan of the edge list', () => {
    const edgeArb = fc.array(
      fc.record({ from: fc.integer({ min: 0, max: 15 }), to: fc.integer({ min: 0, max: 15 }) }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(
        edgeArb,
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 6 }),
        (raw, start, maxDepth) => {
          const list = raw.map((e) => ({ from: `n${e.from}`, to: `n${e.to}` }));
          const graph = buildLineageGraph(list);
          const depth = new Map<string, number>([[`n${start}`, 0]]);
          let frontier = [`n${start}`];
          for (let d = 1; d <= maxDepth; d++) {
            const next = [];
            for (const e of list) {
              if (frontier.includes(e.from) && !depth.has(e.to)) {
                depth.set(e.to, d);
                next.push(e.to);
              }
            }
            frontier = next;
          }
          depth.delete(`n${start}`);
          const walked = walkDownstream(graph, `n${start}`, { maxDepth });
          expect(new Map(walked.map((n) => [n.id, n.depth]))).toEqual(depth);
          for (const n of walked) expect(n.path.length).toBe(n.depth + 1);
          expect(impactOf(graph, `n${start}`, { maxDepth })).toEqual(new Set(depth.keys()));
        },
      ),
    );
  });
});
