import { describe, expect, it } from 'vitest';
import { matchesAll, parseMatchers as serverParse } from '../../src/domain/routing/index.js';
import { formatMatcher, matchesAllTexts, silenceMatchersFor } from '../../web/src/components/matchers.js';

/**
 * The alerts page decides in the browser which firing alerts a silence holds; it must agree with
 * the server's own matcher reading (src/domain/routing) on the matchers people write.
 */
const labels = {
  monitor: 'orders volume',
  asset: 'shop.orders',
  severity: 'page',
  owner: 'finance-data',
  path: 'C:\\data "raw"',
};

const cases = [
  'monitor="orders volume"',
  'monitor="orders"',
  'monitor!="orders volume"',
  'asset=~"shop\\..*"',
  'asset=~"shop"',
  'asset!~"crm\\..*"',
  'severity=~"page|ticket"',
  '{owner="finance-data", severity="page"}',
  '{owner="finance-data",severity="log",}',
  'team=""',
  'team!=""',
  'owner=finance-data',
  formatMatcher('path', labels.path),
];

describe('matchers read in the browser', () => {
  it.each(cases)('%s matches as the server reads it', (text) => {
    const server = serverParse(text);
    expect(server.ok, text).toBe(true);
    const expected = server.ok && matchesAll(server.matchers, labels);
    expect(matchesAllTexts([text], labels)).toBe(expected);
  });

  it('requires every matcher of a silence, and matches nothing it cannot read', () => {
    expect(matchesAllTexts(['monitor="orders volume"', 'severity="page"'], labels)).toBe(true);
    expect(matchesAllTexts(['monitor="orders volume"', 'severity="log"'], labels)).toBe(false);
    expect(matchesAllTexts(['monitor=="x'], labels)).toBe(false);
  });

  it('prefills a silence with the monitor, or the Alertmanager alert name and service', () => {
    expect(silenceMatchersFor(labels)).toEqual(['monitor="orders volume"']);
    expect(
      silenceMatchersFor({ alertname: 'HighErrorRate', service: 'checkout', severity: 'ticket' }),
    ).toEqual(['alertname="HighErrorRate"', 'service="checkout"']);
    expect(silenceMatchersFor({ source: 'warehouse', kind: 'source_down', severity: 'page' })).toEqual([
      'source="warehouse"',
      'kind="source_down"',
    ]);
    for (const text of silenceMatchersFor(labels)) {
      const parsed = serverParse(text);
      expect(parsed.ok && matchesAll(parsed.matchers, labels)).toBe(true);
    }
  });
});
