import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import type { Receiver } from '../../src/notify/testing/receiver.js';
import { checkSlos } from '../../src/services/slo/check-slos.js';
import { createSlo } from '../../src/services/slo/create-slo.js';
import { deleteSlo } from '../../src/services/slo/delete-slo.js';
import { json } from '../../src/store/executor.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  type TestStore,
  testContext,
} from '../support/stores.js';
import { raiseExternal, receivedTitles, webhookReceiver, workerTurn } from '../support/alert-delivery.js';
import { seedChecks, seedMonitor } from './seed.js';

const NOW = new Date('2026-03-10T12:00:00Z');

describe.each(STORE_KINDS)('deleting an SLO whose alert inhibits others, on %s', (kind) => {
  let t: TestStore;
  let ctx: ReturnType<typeof testContext>;
  let hook: Receiver;
  const turn = workerTurn(() => ctx);
  const titles = () => receivedTitles(hook);

  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    ctx = testContext(t.store, undefined, new ManualClock(NOW));
    hook = await webhookReceiver(ctx);
    const route = { receiver: 'hook', group_by: ['kind'], group_wait: '0s', group_interval: '1m' };
    // A burning SLO explains the other alerts of its service.
    const inhibit_rules = [
      {
        name: 'slo-burn',
        source_matchers: ['kind="slo_burn"'],
        target_matchers: ['kind!="slo_burn"'],
        equal: ['service'],
      },
    ];
    await t.store.db
      .insertInto('settings')
      .values({ key: 'routing', value: json({ route, inhibit_rules }) })
      .execute();
    // Two hours of one check a minute; every 5th check of the last hour fails: a fast burn.
    const monitor = await seedMonitor(t.store, 'orders-volume', 'main.orders', NOW);
    await seedChecks(t.store, monitor, NOW, 120, (ago) => ago < 60 && ago % 5 === 0);
    await createSlo({
      ctx,
      input: {
        spec: {
          name: 'orders-volume-ok',
          service: 'orders',
          indicator: { kind: 'monitor_pass_rate', monitors: ['orders-volume'] },
          objective: { target: 0.99 },
        },
      },
    });
  }, 120_000);
  afterAll(async () => {
    await hook?.close();
    await t?.dispose();
  });

  it.skipIf(!storeAvailable(kind))(
    'an alert held by the SLO burn alert is notified once the SLO is deleted',
    async () => {
      await checkSlos({ ctx });
      await raiseExternal(
        ctx,
        'orders-freshness',
        { service: 'orders', kind: 'freshness' },
        { title: 'orders freshness' },
      );
      await turn();
      expect(titles()).toEqual(['[FIRING] SLO orders-volume-ok burns its error budget too fast']);

      hook.requests.length = 0;
      ctx.clock.advance(2 * 60_000);
      await deleteSlo({ ctx, input: { name: 'orders-volume-ok' } });
      await turn();
      expect(titles()).toContain('[FIRING] orders freshness');

      // Announced once: a later turn does not repeat it.
      hook.requests.length = 0;
      ctx.clock.advance(2 * 60_000);
      await turn();
      expect(titles()).not.toContain('[FIRING] orders freshness');
    },
  );
});
