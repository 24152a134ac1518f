import { describe, expect, it } from 'vitest';
import { groupKey, groupLabels, matchRoutes } from './match-routes.js';
import { parseRouteTree, type RouteTree, validateRouteTree } from './route-tree.js';

const config = {
  receiver: 'data-email',
  group_by: ['owner'],
  group_wait: '30s',
  routes: [
    {
      name: 'pages',
      matchers: ['severity="page"'],
      receiver: ['pagerduty-data', 'data-slack'],
      repeat_interval: '1h',
      continue: true,
      routes: [{ matchers: '{team="finance"}', receiver: 'finance-pager', group_by: ['...'] }],
    },
    {
      matchers: [{ name: 'domain', type: '=~', value: 'sales|marketing' }],
      receiver: 'sales-slack',
      group_wait: '1m',
    },
    { match: { source: 'airflow' }, receiver: 'pipelines-slack', mute_time_intervals: ['weekends'] },
    { matchers: ['severity=~"page|ticket"'], receiver: 'never-reached-for-sales' },
  ],
};

function tree(): RouteTree {
  const r = parseRouteTree(config);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.tree;
}

describe('matchRoutes', () => {
  it.each([
    ['an alert nothing else matches goes to the root', { severity: 'log' }, ['root']],
    [
      'a page continues past its route to the next matching sibling',
      { severity: 'page', domain: 'sales' },
      ['pages', 'routes[1]'],
    ],
    [
      'a child route handles the alert instead of its parent',
      { severity: 'page', team: 'finance' },
      ['routes[0].routes[0]', 'routes[3]'],
    ],
    ['first matching sibling wins without continue', { domain: 'sales', source: 'airflow' }, ['routes[1]']],
    ['legacy match maps work', { source: 'airflow' }, ['routes[2]']],
    [
      'a page with nothing after continue still reaches the later catch',
      { severity: 'page' },
      ['pages', 'routes[3]'],
    ],
  ])('%s', (_what, labels, ids) => {
    expect(matchRoutes(tree(), labels).map((r) => r.id)).toEqual(ids);
  });

  it('children inherit unset settings; time intervals are not inherited', () => {
    const [finance] = matchRoutes(tree(), { severity: 'page', team: 'finance' });
    expect(finance).toMatchObject({
      receivers: ['finance-pager'],
      groupByAll: true,
      groupWaitMs: 30_000, // root
      groupIntervalMs: 300_000, // default
      repeatIntervalMs: 3_600_000, // parent 'pages'
    });
    const [sales] = matchRoutes(tree(), { domain: 'sales' });
    expect(sales).toMatchObject({ receivers: ['sales-slack'], groupBy: ['owner'], groupWaitMs: 60_000 });
    const [airflow] = matchRoutes(tree(), { source: 'airflow' });
    expect(airflow?.muteTimeIntervals).toEqual(['weekends']);
    expect(tree().root.routes[2]?.routes).toEqual([]);
  });
});

describe('validation', () => {
  it('reports every problem with its path', () => {
    const errors = validateRouteTree(
      {
        receiver: 'ops',
        matchers: ['a="b"'],
        group_wiat: '30s',
        routes: [
          { receiver: 'ops' },
          { receiver: ['ghost'], group_interval: '5 minutes' },
          { matchers: ['team="x"', 'asset=~"(a+)+"'], receiver: 'ops', group_by: ['...', 'team'] },
          { receiver: 'ops', repeat_interval: '0', mute_time_intervals: ['nights'] },
          'not a route',
        ],
      },
      { receivers: ['ops'], timeIntervals: ['weekends'] },
    );
    expect(errors).toEqual([
      { path: 'group_wiat', message: 'unknown setting' },
      { path: 'matchers', message: 'the root route matches every alert: no matchers' },
      { path: 'routes[1].receiver[0]', message: 'unknown receiver "ghost"' },
      { path: 'routes[1].group_interval', message: expect.stringContaining('is not a duration') },
      {
        path: 'routes[2].matchers[1]',
        message: expect.stringMatching(/^matcher 0 at position 8: .*repeated group/),
      },
      { path: 'routes[2].group_by', message: "'...' groups by every label: list nothing else" },
      { path: 'routes[3].repeat_interval', message: 'must be greater than zero' },
      { path: 'routes[3].mute_time_intervals[0]', message: 'unknown time interval nights' },
      { path: 'routes[4]', message: 'must be a map of route settings' },
    ]);
  });

  it.each([
    [{}, 'receiver', 'the root route needs a receiver'],
    [{ receiver: 'a', continue: true }, 'continue', 'the root route cannot continue'],
    [
      { receiver: 'a', active_time_intervals: ['x'] },
      'active_time_intervals',
      'the root route cannot have time intervals',
    ],
    [{ receiver: 'a', routes: [{ name: 'x' }, { name: 'x' }] }, 'routes[1].name', 'another route is named x'],
    [{ receiver: [] }, 'receiver', 'must name at least one receiver'],
    [{ receiver: 'a', routes: {} }, 'routes', 'must be a list of routes'],
    [
      { receiver: 'a', routes: [{ matchers: 'a' }] },
      'routes[0].matchers',
      'matcher 0 at position 1: expected one of',
    ],
  ])('%j → %s', (cfg, path, message) => {
    expect(validateRouteTree(cfg)).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('refuses trees nested absurdly deep instead of overflowing', () => {
    let node: Record<string, unknown> = { receiver: 'a' };
    for (let i = 0; i < 100; i++) node = { routes: [node] };
    const errors = validateRouteTree({ receiver: 'a', routes: [node] });
    expect(errors.some((e) => e.message.includes('nest deeper'))).toBe(true);
  });
});

describe('groups', () => {
  const labels = { owner: 'ana', team: 'data', asset: 'sales.orders' };
  it('groups by the route labels the alert has', () => {
    const route = { id: 'r', groupBy: ['owner', 'missing'], groupByAll: false };
    expect(groupLabels(route, labels)).toEqual({ owner: 'ana' });
    expect(groupKey(route, labels)).toBe('r:{owner="ana"}');
    expect(groupKey(route, { ...labels, asset: 'other' })).toBe(groupKey(route, labels));
  });
  it('groups by every label with ...', () => {
    const route = { id: 'r', groupBy: [], groupByAll: true };
    expect(groupKey(route, labels)).toBe('r:{asset="sales.orders",owner="ana",team="data"}');
  });
  it('puts everything in one group with no group_by', () => {
    expect(groupKey({ id: 'root', groupBy: [], groupByAll: false }, labels)).toBe('root:{}');
  });
  it('cannot be confused by values containing separators', () => {
    const route = { id: 'r', groupBy: ['a', 'b'], groupByAll: false };
    expect(groupKey(route, { a: 'x",b="y' })).not.toBe(groupKey(route, { a: 'x', b: 'y' }));
  });
});
