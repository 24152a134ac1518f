import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { openTestStore, type TestStore } from '../support/stores.js';
import { fireAlert } from './fire-alert.js';

describe('incident policy', () => {
  let t: TestStore;
  const clock = new ManualClock('2026-01-05T09:00:00Z');
  beforeAll(async () => {
    t = await openTestStore('pglite');
  });
  afterAll(async () => {
    await t.dispose();
  });
  const incidents = () => t.store.db.selectFrom('incidents').selectAll().orderBy('created_at').execute();

  it('opens one incident for two page alerts on the same asset, and none for tickets', async () => {
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
  });

  it('opens a new incident once the earlier one on the asset is resolved', async () => {
    const [first] = await incidents();
    await t.store.db.updateTable('incidents').set({ status: 'resolved', resolved_at: clock.now() }).execute();
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
  });
});
