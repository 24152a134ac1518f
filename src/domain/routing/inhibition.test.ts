import { describe, expect, it } from 'vitest';
import type { RoutableAlert } from './alert.js';
import { type InhibitRule, inhibitedBy, parseInhibitRules } from './inhibition.js';
import { testAlert } from './test-alerts.js';

function rules(config: unknown): InhibitRule[] {
  const r = parseInhibitRules(config);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.rules;
}

const sourceDown = rules([
  {
    name: 'source-down',
    source_matchers: ['kind="source_down"'],
    target_matchers: '{kind!="source_down"}',
    equal: ['source'],
  },
]);

const alert = (fp: string, labels: Record<string, string>, over: Partial<RoutableAlert> = {}) =>
  testAlert(fp, { labels, annotations: { title: '', summary: '' }, ...over });

const down = alert(
  'down-1',
  { kind: 'source_down', source: 'warehouse', severity: 'page' },
  {
    annotations: { title: 'warehouse unreachable', summary: '' },
  },
);

describe('inhibitedBy with rules', () => {
  it.each([
    ['same source: inhibited', { kind: 'freshness', source: 'warehouse' }, [down], 'down-1'],
    ['other source: not inhibited', { kind: 'freshness', source: 'lake' }, [down], null],
    [
      'source-down alert resolved: not inhibited',
      { kind: 'freshness', source: 'warehouse' },
      [{ ...down, status: 'resolved' as const }],
      null,
    ],
    [
      'the source-down alert itself is not a target',
      { kind: 'source_down', source: 'warehouse' },
      [down],
      null,
    ],
    [
      'equal label missing on both counts as equal',
      { kind: 'volume' },
      [alert('d2', { kind: 'source_down' })],
      'd2',
    ],
  ])('%s', (_what, labels, firing, by) => {
    expect(inhibitedBy(alert('t', labels), firing, sourceDown, undefined)?.by ?? null).toBe(by);
  });

  it('explains itself', () => {
    expect(inhibitedBy(alert('t', { kind: 'volume', source: 'warehouse' }), [down], sourceDown)).toEqual({
      kind: 'rule',
      rule: 'source-down',
      by: 'down-1',
      reason: 'inhibited by source-down alert "warehouse unreachable"',
    });
  });

  it('two alerts matching both sides do not inhibit each other', () => {
    const both = rules([
      { source_matchers: ['severity="page"'], target_matchers: ['severity=~"page|ticket"'] },
    ]);
    const a = alert('a', { severity: 'page' });
    const b = alert('b', { severity: 'page' });
    expect(inhibitedBy(a, [a, b], both)).toBeNull();
    expect(inhibitedBy(alert('c', { severity: 'ticket' }), [a], both)?.reason).toBe(
      'inhibited by inhibit rule 0 alert a',
    );
  });
});

describe('inhibitedBy with lineage', () => {
  // raw.orders → stg.orders → mart.revenue
  const edges = new Set(['raw.orders>stg.orders', 'raw.orders>mart.revenue', 'stg.orders>mart.revenue']);
  const isUpstream = (a: string, b: string) => edges.has(`${a}>${b}`);
  const raw = alert(
    'raw',
    { asset: 'raw.orders', severity: 'page' },
    { annotations: { title: 'raw.orders is late', summary: '' } },
  );

  it.each([
    [
      'downstream of a firing alert',
      'mart.revenue',
      [raw],
      'inhibited by upstream alert "raw.orders is late" on raw.orders',
    ],
    ['upstream of it', 'raw.orders', [raw], null],
    ['unrelated', 'hr.people', [raw], null],
    [
      'upstream alert only logs',
      'mart.revenue',
      [{ ...raw, labels: { ...raw.labels, severity: 'log' } }],
      null,
    ],
  ])('%s', (_what, asset, firing, reason) => {
    expect(inhibitedBy(alert('t', { asset }), firing, [], isUpstream)?.reason ?? null).toBe(reason);
  });

  it('rules come before lineage', () => {
    const target = alert('t', { asset: 'mart.revenue', source: 'warehouse', kind: 'volume' });
    expect(inhibitedBy(target, [raw, down], sourceDown, isUpstream)?.kind).toBe('rule');
  });
});

describe('parseInhibitRules', () => {
  it('reports each problem with its path', () => {
    const r = parseInhibitRules([
      { source_matchers: ['a="b"'], target_matchers: ['c=~"(x+)+"'], equal: 'source' },
      { target_matchers: ['a="b"'], severity: 'x' },
      7,
    ]);
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual([
      '[0].target_matchers[0]',
      '[0].equal',
      '[1].severity',
      '[1].source_matchers',
      '[2]',
    ]);
    expect(parseInhibitRules({}).ok).toBe(false);
  });
});
