import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveIncidentPolicy } from '../../src/services/incidents/incident-policy-settings.js';
import { promoteFiringAlerts } from '../../src/services/incidents/promote-alerts.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  type TestStore,
  testContext,
} from '../support/stores.js';
import { fireAlert } from './fire-alert.js';
import { seedAssets } from './response-fixtures.js';

const MIN = 60_000;

describe.each(STORE_KINDS)('correlation and promotion on %s', (kind) => {
  let t: TestStore;
  let ctx: ReturnType<typeof testContext>;
  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    ctx = testContext(t.store);
    // raw -> stg -> int -> mart -> revenue report, and an unrelated table.
    await seedAssets(
      t.store,
      ctx.clock.now(),
      [{ name: 'raw.orders' }, { name: 'stg.orders' }, { name: 'int.orders' }, { name: 'mart.revenue' }],
      [
        { from: 'raw.orders', to: 'stg.orders' },
        { from: 'stg.orders', to: 'int.orders', via: 'jobs.build_int' },
        { from: 'int.orders', to: 'mart.revenue' },
        { from: 'mart.revenue', to: 'mart.revenue_daily' },
      ],
    );
  });
  afterAll(async () => {
    await t?.dispose();
  });
  const incidents = () => t.store.db.selectFrom('incidents').selectAll().orderBy('created_at').execute();

  it.skipIf(!storeAvailable(kind))(
    'makes one incident of five alerts on five tables linked by lineage within 10 minutes',
    async () => {
      const tables = ['mart.revenue', 'raw.orders', 'int.orders', 'mart.revenue_daily', 'stg.orders'];
      for (const [n, asset] of tables.entries()) {
        await fireAlert(t.store, { fingerprint: `f-${n}`, asset, at: ctx.clock.now() });
        ctx.clock.advance(2 * MIN);
      }
      // Not linked by lineage: its own incident.
      await fireAlert(t.store, { fingerprint: 'users', asset: 'main.users', at: ctx.clock.now() });

      const all = await incidents();
      expect(all).toHaveLength(2);
      const [orders, users] = all;
      expect(orders?.affected_assets.sort()).toEqual([...tables].sort());
      expect(users?.affected_assets).toEqual(['main.users']);
      const links = await t.store.db
        .selectFrom('incident_alerts')
        .select('alert_id')
        .where('incident_id', '=', orders?.id ?? '')
        .execute();
      expect(links).toHaveLength(5);
      const why = await t.store.db
        .selectFrom('incident_events')
        .select(['message', 'actor'])
        .where('incident_id', '=', orders?.id ?? '')
        .where('kind', '=', 'correlated')
        .orderBy('id')
        .execute();
      expect(why).toHaveLength(4);
      expect(why[0]?.message).toContain('raw.orders is 3 hops upstream of mart.revenue');
      expect(why[0]?.message).toContain('started 2 min earlier');
      expect(why[0]?.message).toContain('10 min correlation window');
      const audit = await t.store.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', orders?.id ?? '')
        .execute();
      expect(audit.map((r) => r.action).filter((a) => a === 'incident.correlate')).toHaveLength(4);
    },
  );

  it.skipIf(!storeAvailable(kind))(
    'opens a new incident for a linked table once the window has passed',
    async () => {
      ctx.clock.advance(30 * MIN);
      await fireAlert(t.store, {
        fingerprint: 'late',
        asset: 'mart.revenue_daily',
        severity: 'ticket',
        at: ctx.clock.now(),
      });
      // A ticket does not open an incident at once …
      expect(await incidents()).toHaveLength(2);
      // … but the same asset's open incident still takes a page on it.
      await fireAlert(t.store, {
        fingerprint: 'late-page',
        asset: 'mart.revenue_daily',
        at: ctx.clock.now(),
      });
      expect(await incidents()).toHaveLength(2);
    },
  );

  it.skipIf(!storeAvailable(kind))(
    'promotes an alert still firing after an hour, once, and says why on the timeline',
    async () => {
      await fireAlert(t.store, {
        fingerprint: 'sessions-nulls',
        asset: 'main.sessions',
        severity: 'ticket',
        at: ctx.clock.now(),
      });
      ctx.clock.advance(59 * MIN);
      expect(await promoteFiringAlerts({ ctx })).toEqual([]);
      ctx.clock.advance(2 * MIN);
      const promoted = await promoteFiringAlerts({ ctx });
      // The ticket on mart.revenue_daily joins the open incident on that asset; sessions gets its own.
      expect(promoted.map((p) => p.created).sort()).toEqual([false, true]);
      const created = promoted.find((p) => p.created);
      const inc = await t.store.db
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', created?.incidentId ?? '')
        .executeTakeFirstOrThrow();
      expect(inc).toMatchObject({ severity: 'SEV3', declared_via: 'policy', declared_by: 'policy:promote' });
      const events = await t.store.db
        .selectFrom('incident_events')
        .select(['kind', 'message'])
        .where('incident_id', '=', inc.id)
        .orderBy('id')
        .execute();
      expect(events.map((e) => e.kind)).toEqual(['declared', 'alert_linked', 'promoted']);
      expect(events[2]?.message).toContain('still firing after 61 min');
      expect(await promoteFiringAlerts({ ctx })).toEqual([]);
    },
  );

  it.skipIf(!storeAvailable(kind))(
    'follows the policy settings: no correlation with a zero window, no promotion when turned off',
    async () => {
      await saveIncidentPolicy({ ctx, input: { correlationWindowMinutes: 0, promoteAfterMinutes: null } });
      await seedAssets(t.store, ctx.clock.now(), [], [{ from: 'main.sessions', to: 'main.sessions_daily' }]);
      const before = (await incidents()).length;
      await fireAlert(t.store, { fingerprint: 'daily', asset: 'main.sessions_daily', at: ctx.clock.now() });
      expect(await incidents()).toHaveLength(before + 1);
      await fireAlert(t.store, {
        fingerprint: 'weekly-ticket',
        asset: 'main.weekly',
        severity: 'ticket',
        at: ctx.clock.now(),
      });
      ctx.clock.advance(120 * MIN);
      expect(await promoteFiringAlerts({ ctx })).toEqual([]);
    },
  );
});
