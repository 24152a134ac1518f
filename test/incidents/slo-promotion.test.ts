import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { loadRouting } from '../../src/services/alerts/routing-config.js';
import { upsertAlert } from '../../src/services/alerts/upsert-alert.js';
import { promoteFiringAlerts } from '../../src/services/incidents/promote-alerts.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  testContext,
  type TestStore,
} from '../support/stores.js';

describe.each(STORE_KINDS)('promotion and SLO alerts on %s', (kind) => {
  let t: TestStore;
  const clock = new ManualClock('2026-01-05T09:00:00Z');
  beforeAll(async () => {
    if (storeAvailable(kind)) t = await openTestStore(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });
  const ticket = (fingerprint: string, origin: 'monitor' | 'slo', labels: Record<string, string>) =>
    t.store.db.transaction().execute(async (trx) =>
      upsertAlert(trx, await loadRouting(trx), {
        fingerprint,
        origin,
        status: 'firing',
        severity: 'ticket',
        title: `${fingerprint} fires`,
        summary: '',
        labels: { ...labels, severity: 'ticket' },
        annotations: {},
        at: clock.now(),
      }),
    );

  it.skipIf(!storeAvailable(kind))(
    'promotes a ticket still firing after an hour, but never an SLO burn ticket',
    async () => {
      await ticket('users-nulls', 'monitor', { asset: 'main.users', kind: 'column_health' });
      const burn = await ticket('slo:orders-fresh:burn', 'slo', { slo: 'orders-fresh', kind: 'slo_burn' });
      clock.advance(61 * 60_000);
      const promoted = await promoteFiringAlerts({ ctx: testContext(t.store, undefined, clock) });
      expect(promoted).toHaveLength(1);
      expect(promoted[0]?.alertId).not.toBe(burn.alert?.id);
      const links = await t.store.db.selectFrom('incident_alerts').select('alert_id').execute();
      expect(links.map((l) => l.alert_id)).not.toContain(burn.alert?.id);
    },
  );
});
