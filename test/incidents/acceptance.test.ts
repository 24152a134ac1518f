import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundPolicy } from '../../src/notify/index.js';
import { slackWebhookProblems } from '../../src/notify/testing/shapes/slack-shape.js';
import { type Receiver, startReceiver } from '../../src/notify/testing/receiver.js';
import {
  DEFAULT_DISPATCH,
  dispatchOutbox,
  NotifierCache,
} from '../../src/services/alerts/dispatch-outbox.js';
import { processDueGroups } from '../../src/services/alerts/process-groups.js';
import { createChannel } from '../../src/services/channels.js';
import { createMonitor } from '../../src/services/monitors.js';
import { runMonitorNow } from '../../src/services/run-monitor-now.js';
import { createSourceCatalog } from '../../src/services/source-catalog.js';
import { SourceProvider } from '../../src/services/source-provider.js';
import { createSource } from '../../src/services/sources.js';
import { duckdbSource } from '../../src/sources/duckdb/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { duckdbExec } from '../support/duckdb-file.js';
import { openTestStore, testContext, testSecrets, type TestStore } from '../support/stores.js';

const MIN = 60_000;
const notifier = { policy: outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }), timeoutMs: 5_000 };

/**
 * The acceptance path of a data incident on an injected clock: a bad table in DuckDB, a failing
 * monitor, an alert, an incident declared by policy with its severity, a commander, an update on a
 * local Slack receiver, the check passing again, the alert and the incident resolved, and the
 * times to detect, acknowledge and resolve.
 */
describe('a data incident from a bad table to its resolution', () => {
  let t: TestStore;
  let a: TestApp;
  let ctx: ReturnType<typeof testContext>;
  let slack: Receiver;
  let file: string;
  const sources = new SourceProvider(createSourceCatalog([duckdbSource]).factory, testSecrets);
  const runner = { sources, timeoutMs: 30_000, workerId: 'acceptance' };
  const notifiers = new NotifierCache(testSecrets);
  const deliver = async () => {
    await processDueGroups(ctx);
    return dispatchOutbox(ctx, notifiers, { ...DEFAULT_DISPATCH, notifier });
  };
  const check = () => runMonitorNow({ ctx, input: { id: 'orders unique', deps: runner } });
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    a.app.inject({ method, url, headers: a.as.responder, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store, { notify: notifier });
    a.clock.set('2026-01-05T09:00:00Z');
    ctx = testContext(t.store, undefined, a.clock);
    slack = await startReceiver();
    file = join(mkdtempSync(join(tmpdir(), 'vigil-accept-')), 'shop.duckdb');
    // The nightly load at 08:40 wrote order 2 twice.
    await duckdbExec(file, ['create table orders (id integer)', 'insert into orders values (1), (2), (2)']);
    await createSource({ ctx, input: { name: 'shop', kind: 'duckdb', config: { path: file } } });
    await createChannel({
      ctx,
      input: {
        name: 'data-slack',
        kind: 'slack',
        config: { url: `${slack.origin}/services/T000/B000/XXX` },
        deps: notifier,
      },
    });
    await createMonitor({
      ctx,
      input: {
        name: 'orders unique',
        kind: 'custom_sql',
        source: 'shop',
        asset: 'main.orders',
        config: { mode: 'failing_rows', sql: 'select id from main.orders group by id having count(*) > 1' },
        schedule: { every: '5m' },
        severity: 'page',
        owner: 'data-eng',
        labels: { incident_severity: 'SEV1' },
        runbook: 'https://wiki.example/runbooks/orders-duplicates',
        description: '',
        enabled: true,
      },
    });
  });
  afterAll(async () => {
    await sources.closeAll();
    await slack.close();
    await a.app.close();
    await t.dispose();
  });

  it('runs the whole path and the times come out right', async () => {
    // Detect: the monitor fails, the alert fires, policy declares the incident with its severity.
    expect((await check()).status).toBe('fail');
    const incidents = (await api('GET', '/api/v1/incidents')).json().items;
    expect(incidents).toHaveLength(1);
    const inc = incidents[0];
    expect(inc).toMatchObject({
      severity: 'SEV1',
      status: 'triage',
      declaredVia: 'policy',
      affectedAssets: ['main.orders'],
      times: { detectedAt: '2026-01-05T09:00:00.000Z' },
    });
    await deliver();
    expect(slack.requests.length).toBeGreaterThanOrEqual(1); // the page itself
    slack.requests.length = 0;
    // The bad data started with the 08:40 load, before anyone saw it.
    await api('PATCH', `/api/v1/incidents/${inc.id}`, { times: { startedAt: '2026-01-05T08:40:00Z' } });

    // Acknowledge: a commander takes the incident five minutes later.
    a.clock.advance(5 * MIN);
    const cmd = await api('POST', `/api/v1/incidents/${inc.id}/roles`, { role: 'commander', person: 'ana' });
    expect(cmd.json().roles.commander).toBe('ana');

    // Share: a stakeholder update reaches the Slack receiver in Slack's format.
    a.clock.advance(5 * MIN);
    const update = await api('POST', `/api/v1/incidents/${inc.id}/updates`, {
      status: 'investigating',
      impact: 'Order counts are inflated; do not use them until fixed.',
      channels: ['data-slack'],
    });
    expect(update.statusCode).toBe(201);
    await deliver();
    const bodies = slack.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    const sent = bodies.find((b) => JSON.stringify(b).includes('Order counts are inflated'));
    expect(sent).toBeDefined();
    expect(slackWebhookProblems(sent)).toEqual([]);
    expect(JSON.stringify(sent)).toContain('[SEV1] orders unique');
    // The monitor's runbook rides along as a button.
    expect(JSON.stringify(sent)).toContain('https://wiki.example/runbooks/orders-duplicates');
    expect(bodies.some((b) => JSON.stringify(b).includes('ana is now commander'))).toBe(true);

    // Not resolvable while the check is red.
    const early = await api('POST', `/api/v1/incidents/${inc.id}/resolve`, {});
    expect(early.json().error.code).toBe('CHECKS_NOT_GREEN');

    // Resolve: the data is fixed, the check passes, the alert resolves itself, then the incident.
    a.clock.advance(30 * MIN);
    await sources.closeAll();
    await duckdbExec(file, ['delete from orders', 'insert into orders values (1), (2)']);
    expect((await check()).status).toBe('pass');
    const alert = (await api('GET', `/api/v1/alerts/${inc.alertIds[0]}`)).json();
    expect(alert.status).toBe('resolved');
    a.clock.advance(5 * MIN);
    const resolved = await api('POST', `/api/v1/incidents/${inc.id}/resolve`, {});
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().durations).toEqual({
      timeToDetect: 20 * 60, // 08:40 -> 09:00
      timeToAcknowledge: 5 * 60, // 09:00 -> 09:05
      timeToMitigate: 45 * 60, // resolution mitigates too
      timeToResolve: 45 * 60, // 09:00 -> 09:45
    });

    // The postmortem, where that route exists, is drafted from the timeline.
    const pm = await api('POST', `/api/v1/incidents/${inc.id}/postmortem`, {});
    if (pm.statusCode !== 404 || !/route/i.test(pm.body)) {
      expect(pm.statusCode).toBeLessThan(300);
      expect(pm.body).toContain('ana');
    }

    // Everything audited.
    const audit = await t.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', inc.id)
      .execute();
    const actions = audit.map((r) => r.action);
    for (const action of [
      'incident.declare',
      'incident.update',
      'incident.assign_role',
      'incident.update_posted',
      'incident.resolve',
    ])
      expect(actions).toContain(action);
  });
});
