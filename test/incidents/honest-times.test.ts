import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitor } from '../../src/services/monitors.js';
import { runMonitorNow } from '../../src/services/run-monitor-now.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import { duckdbSource } from '../../src/sources/duckdb/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { alertmanagerBody } from './alertmanager-body.js';
import { duckdbExec } from '../support/duckdb-file.js';
import { openTestStore, type TestStore, testContext, testSecrets } from '../support/stores.js';

describe('incidents carry when the problem began, not only when Vigil saw it', () => {
  let t: TestStore;
  let a: TestApp;
  const sources = new SourceProvider(createSourceCatalog([duckdbSource]).factory, testSecrets);
  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    a.app.inject({ method, url, headers: a.as.responder, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
  });
  afterAll(async () => {
    await sources.closeAll();
    await a.app.close();
    await t.dispose();
  });

  it("keeps Alertmanager's startsAt and endsAt, so time to detect is what it was", async () => {
    a.clock.set('2026-03-02T18:01:45Z');
    const fired = await api(
      'POST',
      '/api/v1/integrations/alertmanager',
      alertmanagerBody([
        { name: 'PaymentsLag', startsAt: '2026-03-02T18:00:40Z', labels: { asset: 'raw.lag' } },
      ]),
    );
    expect(fired.statusCode).toBe(200);
    const alerts = (await api('GET', '/api/v1/alerts')).json().items;
    const alert = alerts.find((x: { title: string }) => x.title === 'PaymentsLag fired');
    expect(alert.startedAt).toBe('2026-03-02T18:00:40.000Z');

    const [incident] = (await api('GET', '/api/v1/incidents?asset=raw.lag')).json().items;
    expect(incident.times.startedAt).toBe('2026-03-02T18:00:40.000Z');
    expect(incident.times.detectedAt).toBe('2026-03-02T18:01:45.000Z');
    expect(incident.durations.timeToDetect).toBe(65);

    a.clock.set('2026-03-02T18:20:00Z');
    await api(
      'POST',
      '/api/v1/integrations/alertmanager',
      alertmanagerBody([
        {
          name: 'PaymentsLag',
          status: 'resolved',
          startsAt: '2026-03-02T18:00:40Z',
          endsAt: '2026-03-02T18:15:10Z',
          labels: { asset: 'raw.lag' },
        },
      ]),
    );
    const after = (await api('GET', '/api/v1/alerts')).json().items;
    expect(after.find((x: { id: string }) => x.id === alert.id).resolvedAt).toBe('2026-03-02T18:15:10.000Z');

    // Nobody recorded the bad-data window: once resolved, it is the incident's own, not "unknown".
    a.clock.set('2026-03-02T18:30:00Z');
    const resolved = await api('POST', `/api/v1/incidents/${incident.id}/resolve`, {});
    expect(resolved.statusCode).toBe(200);
    const impact = (await api('GET', `/api/v1/incidents/${incident.id}/impact`)).json();
    expect(impact).toMatchObject({
      badDataFrom: '2026-03-02T18:00:40.000Z',
      badDataTo: '2026-03-02T18:30:00.000Z',
      estimated: { badDataFrom: true, badDataTo: true },
    });
  });

  it('starts a stale table’s incident when the table was due, and the report’s MTTD is the gap', async () => {
    const ctx = testContext(t.store, undefined, a.clock);
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-times-')), 'shop.duckdb');
    // The last load landed at 09:00; the table must never be older than an hour, so it was due at 10:00.
    await duckdbExec(file, [
      'create table orders (id integer, loaded_at timestamp)',
      "insert into orders values (1, timestamp '2026-03-03 08:00:00'), (2, timestamp '2026-03-03 09:00:00')",
    ]);
    await createSource({ ctx, input: { name: 'shop', kind: 'duckdb', config: { path: file } } });
    await createMonitor({
      ctx,
      input: {
        name: 'orders fresh',
        kind: 'freshness',
        source: 'shop',
        asset: 'main.orders',
        config: { timestampColumn: 'loaded_at', maxAgeMinutes: 60 },
        schedule: { every: '5m' },
        severity: 'page',
        labels: {},
        description: '',
        enabled: true,
      },
    });
    // Vigil looks at 10:26 and finds it stale.
    a.clock.set('2026-03-03T10:26:00Z');
    const run = await runMonitorNow({
      ctx,
      input: { id: 'orders fresh', deps: { sources, timeoutMs: 30_000, workerId: 'times' } },
    });
    expect(run.status).toBe('fail');
    const [incident] = (await api('GET', '/api/v1/incidents?asset=main.orders')).json().items;
    expect(incident.times.startedAt).toBe('2026-03-03T10:00:00.000Z');
    expect(incident.times.detectedAt).toBe('2026-03-03T10:26:00.000Z');
    expect(incident.durations.timeToDetect).toBe(26 * 60);

    const report = (
      await api('GET', '/api/v1/reports/response-times?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z')
    ).json();
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0].mttdSeconds).toBe(26 * 60);
  });
});
