/**
 * The documented example, end to end through the public API: parse the YAML block in
 * docs/routing.md, route alerts, suppress, group and plan.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  checkTimeIntervals,
  checkWorkingHours,
  type GroupState,
  groupKey,
  type InhibitRule,
  matchRoutes,
  parseInhibitRules,
  parseRouteTree,
  planGroupNotifications,
  type RoutableAlert,
  type RouteTree,
  type Silence,
  type Suppression,
  type SuppressionContext,
  suppressionOf,
  type TimeInterval,
  type WorkingHours,
} from './index.js';
import { testAlert } from './test-alerts.js';

const markdown = readFileSync(new URL('../../../docs/routing.md', import.meta.url), 'utf8');
const block = /```yaml\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';
const doc = parse(block) as {
  route: unknown;
  inhibit_rules: unknown;
  time_intervals: TimeInterval[];
  working_hours: WorkingHours;
};
const receivers = [
  'data-email',
  'pagerduty-data',
  'data-slack',
  'finance-pager',
  'pipelines-slack',
  'sales-slack',
];

function load(): { tree: RouteTree; rules: InhibitRule[] } {
  const t = parseRouteTree(doc.route, { receivers, timeIntervals: doc.time_intervals.map((ti) => ti.name) });
  const r = parseInhibitRules(doc.inhibit_rules);
  if (!t.ok) throw new Error(JSON.stringify(t.errors));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { tree: t.tree, rules: r.rules };
}

const withLabels = (fp: string, labels: Record<string, string>, title = '') =>
  testAlert(fp, { labels, annotations: { title, summary: '' } });

describe('the documented example', () => {
  it('is valid', () => {
    expect(load().tree.root.routes.map((r) => r.id)).toEqual(['pages', 'pipelines', 'sales']);
    expect(checkTimeIntervals(doc.time_intervals)).toEqual([]);
    expect(checkWorkingHours(doc.working_hours)).toEqual([]);
  });

  it.each([
    [{ severity: 'page', domain: 'finance', team: 'fin-ops' }, [['finance-pager']]],
    [{ severity: 'page', domain: 'sales' }, [['pagerduty-data', 'data-slack'], ['sales-slack']]],
    [{ severity: 'ticket', source: 'airflow' }, [['pipelines-slack']]],
    [{ severity: 'ticket', domain: 'hr' }, [['data-email']]],
  ])('routes %j to %j', (labels, expected) => {
    expect(matchRoutes(load().tree, labels).map((r) => r.receivers)).toEqual(expected);
  });

  it('routes, inhibits, silences and still tells the channel about the resolution', () => {
    const { tree, rules } = load();
    const t0 = Date.parse('2026-01-06T10:00:00Z'); // Tuesday, 11:00 in Berlin
    const at = (s: number) => new Date(t0 + s * 1000);
    const down = withLabels(
      'down',
      { kind: 'source_down', source: 'warehouse', severity: 'page', owner: 'ana' },
      'warehouse unreachable',
    );
    const stale = withLabels('stale', {
      kind: 'freshness',
      source: 'warehouse',
      severity: 'page',
      owner: 'ana',
    });
    const volume = withLabels('volume', { kind: 'volume', source: 'lake', severity: 'page', owner: 'ana' });
    const silence: Silence = {
      id: 's',
      kind: 'silence',
      matchers: [{ name: 'kind', type: '=', value: 'volume' }],
      startsAt: at(60),
      endsAt: at(7200),
      createdBy: 'bo',
      comment: 'reloading the lake',
    };

    const [route] = matchRoutes(tree, stale.labels);
    if (!route) throw new Error('no route');
    expect(route.id).toBe('pages');
    expect(groupKey(route, stale.labels)).toBe('pages:{owner="ana"}');

    const plan = (state: GroupState | null, alerts: RoutableAlert[], now: Date) => {
      const ctx: SuppressionContext = {
        silences: [silence],
        firingAlerts: alerts,
        inhibitRules: rules,
        timeIntervals: doc.time_intervals,
      };
      const suppressed: Record<string, Suppression> = {};
      for (const a of alerts) {
        const s = suppressionOf(a, route, ctx, now);
        if (s) suppressed[a.fingerprint] = s;
      }
      return planGroupNotifications(state, alerts, now, {
        route,
        suppressed,
        workingHours: doc.working_hours,
      });
    };

    // The source-down alert and a volume alert are announced; the stale table is inhibited.
    const first = plan(null, [down, stale, volume], at(0));
    const sent = plan(first.state, [down, stale, volume], at(30));
    expect(sent.notification?.newlyFiring).toEqual(['down', 'volume']);
    expect(sent.held).toEqual([
      { fingerprint: 'stale', reason: 'inhibited by source-down alert "warehouse unreachable"', until: null },
    ]);

    // The volume alert is silenced a minute later and resolves under the silence.
    const resolved = { ...volume, status: 'resolved' as const, endsAt: at(400) };
    const later = plan(sent.state, [down, stale, resolved], at(400));
    expect(later.notification?.resolved.map((a) => a.fingerprint)).toEqual(['volume']);
    expect(later.notification?.firing.map((a) => a.fingerprint)).toEqual(['down']);
  });
});
