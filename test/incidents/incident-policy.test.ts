import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { openTestStore, STORE_KINDS, storeAvailable, type TestStore } from '../support/stores.js';
import { fireAlert } from './fire-alert.js';

describe.each(STORE_KINDS)('incident policy on %s', (kind) => {
  let t: TestStore;
  const clock = new ManualClock('2026-01-05T09:00:00Z');
  beforeAll(async () => {
    if (storeAvailable(kind)) t = await openTestStore(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });
  const incidents = () => t.store.db.selectFrom('incidents').selectAll().orderBy('created_at').execute();

  it.skipIf(!storeAvailable(kind))(
    'opens one incident for two page alerts on the same asset, and none for tickets',
    async () => {
      await fireAlert(t.store, { fingerprint: 'orders-fresh', asset: 'main.orders', at: clock.now() });
      clock.advance(60_000);
      await fireAlert(t.store, { fingerprint: 'orders-volume', asset: 'main.orders', at: clock.now() });
      await fireAlert(t.store, {
        fingerprint: 'users-nulls',
        asset: 'main.users',
        severity: 'ticket',
        at: clock.now(),
      });
      // Still firing: seen again, no second link.
      await fireAlert(t.store, { fingerprint: 'orders-fresh', asset: 'main.orders', at: clock.now() });

      const [only, ...rest] = await incidents();
      expect(rest).toHaveLength(0);
      expect(only).toMatchObject({
        status: 'triage',
        severity: 'SEV2',
        type: 'freshness',
        declared_via: 'policy',
        affected_assets: ['main.orders'],
        detected_at: new Date('2026-01-05T09:00:00Z'),
      });
      const links = await t.store.db.selectFrom('incident_alerts').selectAll().execute();
      expect(links).toHaveLength(2);
      const audit = await t.store.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_type', '=', 'incident')
        .execute();
      expect(audit.map((r) => r.action)).toEqual(['incident.declare', 'incident.link_alert']);
    },
  );

  it.skipIf(!storeAvailable(kind))(
    'opens a new incident once the earlier one on the asset is resolved',
    async () => {
      const [first] = await incidents();
      await t.store.db
        .updateTable('incidents')
        .set({ status: 'resolved', resolved_at: clock.now() })
        .execute();
      await fireAlert(t.store, {
        fingerprint: 'orders-fresh',
        asset: 'main.orders',
        status: 'resolved',
        at: clock.now(),
      });
      clock.advance(3_600_000);
      const { change } = await fireAlert(t.store, {
        fingerprint: 'orders-fresh',
        asset: 'main.orders',
        at: clock.now(),
      });
      expect(change).toBe('refired');
      const all = await incidents();
      expect(all).toHaveLength(2);
      expect(all[1]?.id).not.toBe(first?.id);
    },
  );

  it.skipIf(!storeAvailable(kind))(
    'makes one incident when pages on one asset fire at the same moment',
    async () => {
      const at = clock.now();
      const assets = ['main.carts', 'main.sessions', 'main.clicks', 'main.refunds'];
      // Several transactions at once per asset: on PostgreSQL they run side by side on the pool.
      await Promise.all(
        assets.flatMap((asset) =>
          [1, 2, 3, 4, 5, 6].map((n) => fireAlert(t.store, { fingerprint: `${asset}-${n}`, asset, at })),
        ),
      );
      for (const asset of assets) {
        const open = await t.store.db
          .selectFrom('incidents')
          .select('id')
          .where('affected_assets', '@>', JSON.stringify([asset]) as unknown as string[])
          .execute();
        expect(open, asset).toHaveLength(1);
        const links = await t.store.db
          .selectFrom('incident_alerts')
          .selectAll()
          .where('incident_id', '=', open[0]?.id ?? '')
          .execute();
        expect(links).toHaveLength(6);
      }
    },
  );
});
