import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { SloSpec } from '../../src/domain/slo/model.js';
import { prometheusRules } from '../../src/domain/slo/prometheus-rules.js';
import { readSloFile } from '../../src/ingest/openslo/documents.js';
import { sloToOpenSlo } from '../../src/ingest/openslo/map.js';
import { importSlos } from '../../src/services/slo/import-slos.js';
import { parseSloSpec } from '../../src/services/slo/slo-records.js';
import { testServer } from '../support/servers.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  testContext,
  type TestStore,
} from '../support/stores.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const promtool = testServer('VIGIL_TEST_PROMTOOL');

function specsOf(text: string): SloSpec[] {
  const { entries, problems } = readSloFile(text);
  expect(problems).toEqual([]);
  return entries.map((e) => parseSloSpec(e.input));
}

const exportAll = (specs: SloSpec[]) => specs.map((s) => stringify(sloToOpenSlo(s))).join('---\n');

describe('OpenSLO and Sloth files', () => {
  it('reads the OpenSLO examples: Vigil indicators, a calendar month, an SLI by reference', () => {
    const specs = specsOf(fixture('openslo.yaml'));
    expect(specs.map((s) => s.name)).toEqual([
      'orders-fresh',
      'nightly-load-on-time',
      'sev1-acknowledged',
      'api-availability',
    ]);
    const [fresh, nightly, ack, api] = specs as [SloSpec, SloSpec, SloSpec, SloSpec];
    expect(fresh).toMatchObject({
      owner: 'data-team',
      reviewDate: '2026-06-01',
      labels: { team: 'data,platform' },
      indicator: { kind: 'freshness', monitor: 'orders-freshness' },
      timeWindow: { rolling: true, duration: '28d' },
      budgetingMethod: 'Timeslices',
      objective: { target: 0.99, timeSliceTarget: 1, timeSliceWindow: '5m' },
      budgetPolicy: {
        onExhausted: 'Freeze schema changes to orders until the budget is back',
        postmortemShare: 0.2,
      },
    });
    expect(nightly.timeWindow).toEqual({
      rolling: false,
      duration: '1M',
      startTime: '2026-01-01 00:00:00',
      timeZone: 'Europe/Paris',
    });
    expect(nightly.objective.target).toBe(0.95);
    expect(ack.alerting).toEqual({ page: false, ticket: true, minEvents: 10 });
    expect(api.indicator).toEqual({
      kind: 'prometheus',
      good: 'http_requests_total{job="api", code!~"5.."}',
      total: 'http_requests_total{job="api"}',
      counter: true,
    });
  });

  it('round-trips: import, export, import gives the same SLOs', () => {
    for (const file of ['openslo.yaml', 'sloth.yaml']) {
      const first = specsOf(fixture(file));
      const again = specsOf(exportAll(first));
      expect(again).toEqual(first);
    }
  });

  it('reads Sloth prometheus/v1 specs', () => {
    const [availability, latency] = specsOf(fixture('sloth.yaml')) as [SloSpec, SloSpec];
    expect(availability).toMatchObject({
      name: 'requests-availability',
      service: 'myservice',
      owner: 'myteam',
      labels: { repo: 'myorg/myservice' },
      objective: { target: 0.999 },
      indicator: { kind: 'prometheus', counter: false },
    });
    expect(latency.alerting).toMatchObject({ page: true, ticket: false });
    expect(latency.indicator).toMatchObject({
      kind: 'prometheus',
      errorRatio: expect.stringContaining('le="0.5"'),
    });
  });

  it('reports problems with their key path and line', () => {
    expect(readSloFile(fixture('invalid.yaml')).problems).toEqual([
      {
        line: 9,
        path: 'spec.timeWindow[0].duration',
        message: 'a duration such as 30d, 1h, 5m (minutes) or 1M (months)',
      },
    ]);
    const threshold = readSloFile(
      fixture('invalid.yaml')
        .replace('30x', '30d')
        .replace(
          '  indicatorRef: nowhere',
          '  indicator:\n    metadata: {name: x}\n    spec:\n      thresholdMetric:\n        metricSource: {type: Prometheus, spec: {query: up}}',
        ),
    );
    expect(threshold.problems).toMatchObject([{ line: 11, path: 'spec.indicator.spec.thresholdMetric' }]);
    expect(
      readSloFile('apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: [\n').problems[0]?.line,
    ).toBeGreaterThanOrEqual(4);
  });

  it('writes rules with Sloth names that promtool accepts', () => {
    const specs = [...specsOf(fixture('openslo.yaml')), ...specsOf(fixture('sloth.yaml'))];
    const fresh = prometheusRules(specs[0] as SloSpec);
    const records = fresh.groups.flatMap((g) => g.rules.map((r) => r.record ?? r.alert));
    expect(records).toEqual(
      expect.arrayContaining([
        'slo:sli_error:ratio_rate5m',
        'slo:sli_error:ratio_rate3d',
        'slo:sli_error:ratio_rate4w',
        'slo:objective:ratio',
        'slo:period_error_budget_remaining:ratio',
        'OrdersFreshErrorBudgetBurn',
      ]),
    );
    const page = fresh.groups.at(-1)?.rules[0] as { expr: string; labels: Record<string, string> };
    // 28 days: the workbook's 2 % in 1 h becomes 13.44x.
    expect(page.expr).toContain('slo:sli_error:ratio_rate1h{sloth_id="orders-orders-fresh"');
    expect(page.expr).toContain('13.44 *');
    expect(page.labels).toMatchObject({ sloth_severity: 'page', owner: 'data-team' });
    if (!promtool) return;
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, stringify({ groups: specs.flatMap((s) => prometheusRules(s).groups) }));
    const out = execFileSync(promtool, ['check', 'rules', file], { encoding: 'utf8' });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });
});

describe.each(STORE_KINDS)('vigil slo import on %s', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    if (storeAvailable(kind)) t = await openTestStore(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it.skipIf(!storeAvailable(kind))('creates, then finds the exported SLOs unchanged', async () => {
    const ctx = testContext(t.store);
    const entries = (text: string) =>
      readSloFile(text).entries.map((e) => ({ input: e.input, label: `line ${e.line}` }));
    const first = await importSlos({ ctx, input: { slos: entries(fixture('openslo.yaml')) } });
    expect(first.created).toHaveLength(4);
    const rows = await t.store.db.selectFrom('slos').select('spec').orderBy('name').execute();
    const exported = exportAll(rows.map((r) => r.spec));
    const second = await importSlos({ ctx, input: { slos: entries(exported) } });
    expect(second).toEqual({ created: [], updated: [], unchanged: expect.arrayContaining(first.created) });
    const bad = entries(fixture('openslo.yaml').replaceAll('kind: freshness', 'kind: nonsense'));
    expect(bad).toHaveLength(4);
    await expect(importSlos({ ctx, input: { slos: bad } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
