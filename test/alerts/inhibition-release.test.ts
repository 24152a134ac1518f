import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receiver } from '../../src/notify/testing/receiver.js';
import { json } from '../../src/store/executor.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  type TestStore,
  testContext,
} from '../support/stores.js';
import { raiseExternal, receivedTitles, webhookReceiver, workerTurn } from '../support/alert-delivery.js';

describe.each(STORE_KINDS)('alerts held by an inhibition, on %s', (kind) => {
  let t: TestStore;
  let ctx: ReturnType<typeof testContext>;
  let hook: Receiver;
  const turn = workerTurn(() => ctx);
  const titles = () => receivedTitles(hook);
  const raise = (
    fingerprint: string,
    labels: Record<string, string>,
    status: 'firing' | 'resolved' = 'firing',
  ) =>
    raiseExternal(ctx, fingerprint, labels, {
      status,
      title: `${fingerprint} on ${labels.asset ?? labels.source}`,
    });

  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    ctx = testContext(t.store);
    hook = await webhookReceiver(ctx);
    const route = { receiver: 'hook', group_by: ['asset'], group_wait: '0s', group_interval: '1m' };
    const inhibit_rules = [
      {
        name: 'source-down',
        source_matchers: ['kind="source_down"'],
        target_matchers: ['kind!="source_down"'],
        equal: ['source'],
      },
    ];
    await t.store.db
      .insertInto('settings')
      .values({ key: 'routing', value: json({ route, inhibit_rules }) })
      .execute();
    const now = ctx.clock.now();
    for (const name of ['raw.orders', 'raw.customers', 'stg.orders', 'mart.revenue']) {
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
      ['raw.customers', 'stg.orders'],
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
  });
  afterAll(async () => {
    await hook?.close();
    await t?.dispose();
  });

  it.skipIf(!storeAvailable(kind))(
    'a downstream alert held by upstream alerts is notified once the last of them resolves',
    async () => {
      await raise('orders-late', { asset: 'raw.orders' });
      await raise('customers-late', { asset: 'raw.customers' });
      await raise('revenue-stale', { asset: 'mart.revenue' });
      await turn();
      expect(titles()).toEqual([
        '[FIRING] customers-late on raw.customers',
        '[FIRING] orders-late on raw.orders',
      ]);

      // One upstream alert resolves; the other still explains the stale mart: it stays held.
      hook.requests.length = 0;
      ctx.clock.advance(2 * 60_000);
      await raise('orders-late', { asset: 'raw.orders' }, 'resolved');
      await turn();
      expect(titles()).toEqual(['[RESOLVED] orders-late on raw.orders']);

      // The last one resolves: the mart alert, which never changed, goes out on the next turn.
      hook.requests.length = 0;
      ctx.clock.advance(2 * 60_000);
      await raise('customers-late', { asset: 'raw.customers' }, 'resolved');
      await turn();
      expect(titles()).toEqual([
        '[FIRING] revenue-stale on mart.revenue',
        '[RESOLVED] customers-late on raw.customers',
      ]);

      // Announced once: later turns and other resolutions do not repeat it.
      hook.requests.length = 0;
      ctx.clock.advance(2 * 60_000);
      await raise('orders-late', { asset: 'raw.orders' });
      await turn();
      ctx.clock.advance(2 * 60_000);
      await raise('orders-late', { asset: 'raw.orders' }, 'resolved');
      await turn();
      expect(titles()).toEqual([
        '[FIRING] orders-late on raw.orders',
        '[RESOLVED] orders-late on raw.orders',
      ]);
    },
  );

  it.skipIf(!storeAvailable(kind))(
    'an alert held by an inhibit rule is notified when the source-down alert resolves',
    async () => {
      hook.requests.length = 0;
      await raise('lake-down', { asset: 'lake', kind: 'source_down', source: 'lake' });
      await raise('events-volume', { asset: 'lake.events', source: 'lake' });
      await turn();
      expect(titles()).toEqual(['[FIRING] lake-down on lake']);

      hook.requests.length = 0;
      ctx.clock.advance(2 * 60_000);
      await raise('lake-down', { asset: 'lake', kind: 'source_down', source: 'lake' }, 'resolved');
      await turn();
      expect(titles()).toEqual(['[FIRING] events-volume on lake.events', '[RESOLVED] lake-down on lake']);
    },
  );
});
