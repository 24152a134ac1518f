import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../src/notify/testing/receiver.js';
import { createChannel } from '../../src/services/channels.js';
import { json } from '../../src/store/executor.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  type TestStore,
  testContext,
} from '../support/stores.js';
import { LOOPBACK_NOTIFIER, raiseExternal, webhookReceiver, workerTurn } from '../support/alert-delivery.js';

/** Twelve labels of about sixty characters: a group_by ['...'] key of well over 255. */
const manyLabels = (tail: string): Record<string, string> => {
  const labels: Record<string, string> = {};
  for (let i = 0; i < 12; i++)
    labels[`dimension_${i}`] = `${'warehouse.analytics.'.repeat(2)}value-${i}-${tail}`;
  return labels;
};

describe.each(STORE_KINDS)("group_by ['...'] with many long labels, on %s", (kind) => {
  let t: TestStore;
  let ctx: ReturnType<typeof testContext>;
  let hook: Receiver;
  let pd: Receiver;
  const turn = workerTurn(() => ctx);
  const raise = (fingerprint: string, labels: Record<string, string>) =>
    raiseExternal(ctx, fingerprint, labels);

  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    ctx = testContext(t.store);
    hook = await webhookReceiver(ctx);
    pd = await startReceiver({ respond: () => ({ status: 202, body: '{"status":"success"}' }) });
    await createChannel({
      ctx,
      input: {
        name: 'pd',
        kind: 'pagerduty',
        config: { routingKey: 'a'.repeat(32), eventsUrl: `${pd.origin}/v2/enqueue` },
        deps: LOOPBACK_NOTIFIER,
      },
    });
    const route = {
      receiver: 'hook',
      group_by: ['...'],
      group_wait: '0s',
      group_interval: '1m',
      routes: [
        { matchers: ['severity="page"'], receiver: 'pd', continue: true },
        { matchers: ['severity="page"'], receiver: 'hook' },
      ],
    };
    await t.store.db
      .insertInto('settings')
      .values({ key: 'routing', value: json({ route }) })
      .execute();
  });
  afterAll(async () => {
    await hook?.close();
    await pd?.close();
    await t?.dispose();
  });

  it.skipIf(!storeAvailable(kind))(
    'is delivered with ids of at most 255 characters, one dedup key per group',
    async () => {
      // Two alerts with the same labels are one group; a third differs only at the end of its values.
      await raise('first', manyLabels('same'));
      await turn();
      ctx.clock.advance(2 * 60_000);
      await raise('second', manyLabels('same'));
      await raise('other', manyLabels('different'));
      await turn();

      const outbox = await t.store.db.selectFrom('outbox').select(['status', 'idempotency_key']).execute();
      expect(outbox.map((o) => o.status)).toEqual(outbox.map(() => 'sent'));
      for (const o of outbox) expect(o.idempotency_key.length).toBeLessThanOrEqual(255);

      const bodies = hook.requests.map(
        (r) => JSON.parse(r.body) as { id: string; dedupKey: string; alerts: { title: string }[] },
      );
      const events = pd.requests.map(
        (r) => JSON.parse(r.body) as { dedup_key: string; event_action: string },
      );
      expect(bodies).toHaveLength(3);
      expect(events.map((e) => e.event_action)).toEqual(['trigger', 'trigger', 'trigger']);
      for (const b of bodies) {
        expect(b.id.length).toBeLessThanOrEqual(255);
        expect(b.dedupKey.length).toBeLessThanOrEqual(255);
        expect(b.dedupKey).toMatch(/^[^~]+\{.*~[0-9a-f]{32}$/); // readable prefix, then the hash
      }
      for (const e of events) expect(e.dedup_key.length).toBeLessThanOrEqual(255);

      const byTitles = (titles: string[]) =>
        bodies.filter(
          (b) =>
            b.alerts
              .map((a) => a.title)
              .sort()
              .join() === titles.join(),
        );
      const [alone] = byTitles(['first']);
      const [both] = byTitles(['first', 'second']);
      const [other] = byTitles(['other']);
      // The same group keeps its dedup key from one message to the next; each delivery its own id.
      expect(both?.dedupKey).toBe(alone?.dedupKey);
      expect(both?.id).not.toBe(alone?.id);
      expect(other?.dedupKey).not.toBe(alone?.dedupKey);
      // PagerDuty (a route of its own, so groups of its own) also gets one dedup_key per group.
      expect(new Set(events.map((e) => e.dedup_key)).size).toBe(2);
    },
  );
});
