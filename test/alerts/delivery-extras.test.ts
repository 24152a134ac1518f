import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboundPolicy } from '../../src/notify/index.js';
import { type Receiver, startReceiver } from '../../src/notify/testing/receiver.js';
import { saveAlertingSettings } from '../../src/services/alerts/alerting-settings.js';
import {
  DEFAULT_DISPATCH,
  dispatchOutbox,
  NotifierCache,
} from '../../src/services/alerts/dispatch-outbox.js';
import { ingestExternalAlerts } from '../../src/services/alerts/ingest-external-alerts.js';
import { processDueGroups } from '../../src/services/alerts/process-groups.js';
import { sendDailyDigest } from '../../src/services/alerts/send-digest.js';
import { createChannel } from '../../src/services/channels.js';
import { json } from '../../src/store/executor.js';
import { openTestStore, testContext, testSecrets, type TestStore } from '../support/stores.js';

const notifier = { policy: outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }), timeoutMs: 5_000 };

describe('rate limits, lineage inhibition and the daily digest', () => {
  let t: TestStore;
  let ctx: ReturnType<typeof testContext>;
  let hook: Receiver;
  let limited: Receiver;
  const notifiers = new NotifierCache(testSecrets);
  const dispatch = () => dispatchOutbox(ctx, notifiers, { ...DEFAULT_DISPATCH, notifier });
  const turn = async () => {
    await processDueGroups(ctx);
    return dispatch();
  };
  const titles = (r: Receiver) => r.requests.map((q) => (JSON.parse(q.body) as { title: string }).title);
  const raise = (
    fingerprint: string,
    asset: string,
    status: 'firing' | 'resolved' = 'firing',
    route = 'main',
  ) =>
    ingestExternalAlerts({
      ctx,
      input: {
        alerts: [
          {
            source: 't',
            fingerprint,
            status,
            title: `${fingerprint} on ${asset}`,
            severity: 'page',
            labels: { asset, route },
            annotations: {},
          },
        ],
      },
    });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    ctx = testContext(t.store);
    hook = await startReceiver();
    limited = await startReceiver();
    await createChannel({
      ctx,
      input: { name: 'hook', kind: 'webhook', config: { url: `${hook.origin}/in` }, deps: notifier },
    });
    await createChannel({
      ctx,
      input: {
        name: 'limited',
        kind: 'webhook',
        config: { url: `${limited.origin}/in`, rateLimit: { perMinute: 60, burst: 2 } },
        deps: notifier,
      },
    });
    const route = {
      receiver: 'hook',
      group_by: ['asset'],
      group_wait: '0s',
      group_interval: '1m',
      routes: [{ matchers: ['route="limited"'], receiver: 'limited' }],
    };
    await t.store.db
      .insertInto('settings')
      .values({ key: 'routing', value: json({ route }) })
      .execute();
  });
  afterAll(async () => {
    await hook.close();
    await limited.close();
    await t.dispose();
  });
  beforeEach(() => {
    hook.requests.length = 0;
    limited.requests.length = 0;
  });

  it('a channel over its rate limit makes the excess wait; nothing is dropped', async () => {
    for (let i = 0; i < 5; i++) await raise(`r${i}`, `rate.t${i}`, 'firing', 'limited');
    await processDueGroups(ctx);
    const first = await dispatch();
    expect(first).toMatchObject({ sent: 2, failed: 0, deferred: 3 });
    expect(limited.requests).toHaveLength(2);
    const waiting = await t.store.db
      .selectFrom('outbox')
      .selectAll()
      .where('channel_name', '=', 'limited')
      .where('status', '=', 'pending')
      .execute();
    expect(waiting.map((w) => w.attempts)).toEqual([0, 0, 0]); // a wait is not a failed attempt
    ctx.clock.advance(1_000);
    await dispatch();
    expect(limited.requests).toHaveLength(3);
    ctx.clock.advance(2_000);
    await dispatch();
    expect(limited.requests).toHaveLength(5);
    expect(
      await t.store.db
        .selectFrom('outbox')
        .select('status')
        .where('channel_name', '=', 'limited')
        .where('status', '!=', 'sent')
        .execute(),
    ).toEqual([]);
  });

  it('an alert on an upstream asset holds back the downstream alerts it explains, and says so on them', async () => {
    const now = ctx.clock.now();
    for (const name of ['raw.orders', 'stg.orders', 'mart.revenue']) {
      await t.store.db
        .insertInto('assets')
        .values({
          id: `ast_${name}`,
          name,
          namespace: 'warehouse',
          type: 'table',
          description: '',
          owner: null,
          domain: null,
          tags: json([]),
          columns: json([]),
          origin: 'test',
          external_id: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })
        .execute();
    }
    for (const [from, to] of [
      ['raw.orders', 'stg.orders'],
      ['stg.orders', 'mart.revenue'],
    ] as const) {
      await t.store.db
        .insertInto('lineage_edges')
        .values({
          from_asset: from,
          to_asset: to,
          via_job: 'dbt',
          columns: json([]),
          first_seen: now,
          last_seen: now,
        })
        .execute();
    }
    await raise('up', 'raw.orders');
    await raise('down', 'mart.revenue');
    await turn();
    expect(titles(hook)).toEqual(['[FIRING] up on raw.orders']);
    const events = await t.store.db
      .selectFrom('alert_events')
      .innerJoin('alerts', 'alerts.id', 'alert_events.alert_id')
      .select(['alert_events.kind', 'alert_events.message'])
      .where('alerts.fingerprint', '=', 't:down')
      .execute();
    expect(events).toContainEqual({
      kind: 'held',
      message: 'inhibited by upstream alert "up on raw.orders" on raw.orders',
    });

    // The upstream alert clears: the downstream one, still firing, is notified on its own.
    hook.requests.length = 0;
    ctx.clock.advance(2 * 60_000);
    await raise('up', 'raw.orders', 'resolved');
    await turn();
    expect(titles(hook).sort()).toEqual(['[FIRING] down on mart.revenue', '[RESOLVED] up on raw.orders']);
  });

  it('sends the "Vigil is alive" digest once a day, at the chosen local time', async () => {
    await saveAlertingSettings({
      ctx,
      input: { digest: { channel: 'hook', at: '08:30', timeZone: 'Europe/Berlin' } },
    });
    ctx.clock.set('2026-01-20T07:00:00Z'); // 08:00 in Berlin
    expect(await sendDailyDigest(ctx)).toBe(false);
    ctx.clock.set('2026-01-20T07:31:00Z');
    expect(await sendDailyDigest(ctx)).toBe(true);
    ctx.clock.advance(3_600_000);
    expect(await sendDailyDigest(ctx)).toBe(false);
    await dispatch();
    const [digest] = hook.requests.map((r) => JSON.parse(r.body) as { title: string; text: string });
    const open = await t.store.db
      .selectFrom('incidents')
      .select('id')
      .where('resolved_at', 'is', null)
      .execute();
    const firing = await t.store.db
      .selectFrom('alerts')
      .select('id')
      .where('status', '=', 'firing')
      .execute();
    expect(digest?.title).toBe(
      `Vigil is alive — 2026-01-20: ${open.length} open incident(s), 0 failing monitor(s)`,
    );
    expect(digest?.text).toContain(`Firing alerts: ${firing.length}`);
    ctx.clock.set('2026-01-21T07:31:00Z');
    expect(await sendDailyDigest(ctx)).toBe(true);
  });
});
