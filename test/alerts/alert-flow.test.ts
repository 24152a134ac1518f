import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboundPolicy } from '../../src/notify/index.js';
import { slackWebhookProblems } from '../../src/notify/testing/shapes/slack-shape.js';
import { type Receiver, startReceiver } from '../../src/notify/testing/receiver.js';
import { acknowledgeAlert } from '../../src/services/alerts/alert-actions.js';
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
import { duckdbExec } from '../support/duckdb-file.js';
import { openTestStore, testContext, testSecrets, type TestStore } from '../support/stores.js';

const notifier = { policy: outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }), timeoutMs: 5_000 };

describe('from a failing check to a Slack message and back', () => {
  let t: TestStore;
  let slack: Receiver;
  let file: string;
  let ctx: ReturnType<typeof testContext>;
  const sources = new SourceProvider(createSourceCatalog([duckdbSource]).factory, testSecrets);
  const runner = { sources, timeoutMs: 30_000, workerId: 'test' };
  const notifiers = new NotifierCache(testSecrets);
  const slackBodies = () =>
    slack.requests.map((r) => JSON.parse(r.body) as { text: string; blocks: unknown[] });

  const setData = async (...sql: string[]) => {
    await sources.closeAll();
    await duckdbExec(file, sql);
  };
  /** One turn of the worker's notification job. */
  const deliver = async () => {
    await processDueGroups(ctx);
    return dispatchOutbox(ctx, notifiers, { ...DEFAULT_DISPATCH, notifier });
  };

  beforeAll(async () => {
    t = await openTestStore('pglite');
    ctx = testContext(t.store);
    slack = await startReceiver();
    file = join(mkdtempSync(join(tmpdir(), 'vigil-alerts-')), 'shop.duckdb');
    await duckdbExec(file, ['create table orders (id integer)', 'insert into orders values (1), (2)']);
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
        name: 'no duplicate orders',
        kind: 'custom_sql',
        source: 'shop',
        asset: 'main.orders',
        config: { mode: 'failing_rows', sql: 'select id from main.orders group by id having count(*) > 1' },
        schedule: { every: '5m' },
        severity: 'page',
        owner: 'data-eng',
        labels: {},
        description: '',
        enabled: true,
      },
    });
  });
  afterAll(async () => {
    await sources.closeAll();
    await slack.close();
    await t.dispose();
  });
  beforeEach(() => {
    slack.requests.length = 0;
  });

  const check = () => runMonitorNow({ ctx, input: { id: 'no duplicate orders', deps: runner } });

  it('a failing check fires one alert and one Block Kit message; repeats do not flood', async () => {
    expect((await check()).status).toBe('pass');
    expect((await deliver()).sent).toBe(0);

    await setData('insert into orders values (2)');
    expect((await check()).status).toBe('fail');
    await deliver();
    expect(slack.requests).toHaveLength(1);
    const [body] = slackBodies();
    expect(slackWebhookProblems(body)).toEqual([]);
    expect(body?.text).toContain('[FIRING] no duplicate orders');
    expect(JSON.stringify(body)).toContain('main.orders');
    slack.requests.length = 0;

    // Still failing on the next runs: the same alert, seen again, no new message.
    ctx.clock.advance(60_000);
    await check();
    await deliver();
    expect(slack.requests).toHaveLength(0);
    const alerts = await t.store.db.selectFrom('alerts').selectAll().execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: 'firing', event_count: 2, severity: 'page' });
  });

  it('a page repeats until acknowledged, then stops', async () => {
    ctx.clock.advance(4 * 3_600_000 + 1_000); // past repeat_interval (4h by default)
    await deliver();
    expect(slack.requests).toHaveLength(1);
    const alert = await t.store.db.selectFrom('alerts').select('id').executeTakeFirstOrThrow();
    await acknowledgeAlert({ ctx, input: { id: alert.id } });
    ctx.clock.advance(4 * 3_600_000 + 1_000);
    await deliver();
    expect(slack.requests).toHaveLength(1);
  });

  it('a silence holds back new notifications but never the resolution of a notified alert', async () => {
    await t.store.db
      .insertInto('silences')
      .values({
        id: 'sil_1',
        matchers: JSON.stringify(['monitor="no duplicate orders"']),
        starts_at: ctx.clock.now(),
        ends_at: new Date(ctx.clock.now().getTime() + 86_400_000),
        created_by: 'ana',
        comment: 'backfill',
        created_at: ctx.clock.now(),
      })
      .execute();
    await setData('delete from orders where id = 2', 'insert into orders values (2)');
    ctx.clock.advance(6 * 60_000);
    expect((await check()).status).toBe('pass');
    await deliver();
    expect(slack.requests).toHaveLength(1);
    expect(slackBodies()[0]?.text).toContain('[RESOLVED] no duplicate orders');
    slack.requests.length = 0;
    expect((await t.store.db.selectFrom('alerts').select('status').executeTakeFirstOrThrow()).status).toBe(
      'resolved',
    );

    // While silenced, a new failure is recorded but not announced.
    await setData('insert into orders values (1)');
    ctx.clock.advance(6 * 60_000);
    expect((await check()).status).toBe('fail');
    await deliver();
    expect(slack.requests).toHaveLength(0);
    const events = await t.store.db
      .selectFrom('alert_events')
      .select(['kind', 'message'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['fired', 'acknowledged', 'resolved', 'refired', 'held']);
    // The alert's history says why it stayed quiet.
    expect(events.at(-1)?.message).toBe('silenced by ana: backfill');
  });

  it('a channel that keeps failing is retried with backoff, then dead-lettered; the alert is untouched', async () => {
    await t.store.db.deleteFrom('silences').execute();
    slack.respond(() => ({ status: 503, body: 'unavailable' }));
    await t.store.db.updateTable('notification_groups').set({ next_check_at: ctx.clock.now() }).execute();
    ctx.clock.advance(6 * 60_000);
    await deliver();
    expect(slack.requests.length).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 12; i++) {
      ctx.clock.advance(3_600_000);
      await dispatchOutbox(ctx, notifiers, { ...DEFAULT_DISPATCH, notifier });
    }
    const dead = await t.store.db.selectFrom('outbox').selectAll().where('status', '=', 'dead').execute();
    expect(dead).toHaveLength(1);
    expect(dead[0]?.attempts).toBe(DEFAULT_DISPATCH.maxAttempts);
    expect(dead[0]?.last_error).toMatch(/503/);
    expect(dead[0]?.last_error).not.toContain('XXX'); // the webhook URL is the secret
    expect((await t.store.db.selectFrom('alerts').select('status').executeTakeFirstOrThrow()).status).toBe(
      'firing',
    );
    slack.respond(() => ({ status: 200, body: 'ok' }));
  });
});
