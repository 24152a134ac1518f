import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundPolicy } from '../../src/notify/index.js';
import { processDueGroups } from '../../src/services/alerts/process-groups.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  testContext,
  type TestStore,
} from '../support/stores.js';
import { fireAlert } from '../incidents/fire-alert.js';

interface InboxBody {
  channels: string[];
  items: Array<{
    id: number;
    channel: string;
    kind: string;
    title: string;
    severity: string;
    alert: { id: string; title: string } | null;
    incident: { id: string; title: string } | null;
  }>;
}

describe.each(STORE_KINDS)('GET /api/v1/inbox on %s', (kind) => {
  let t: TestStore;
  let a: TestApp;
  beforeAll(async () => {
    if (!storeAvailable(kind)) return;
    t = await openTestStore(kind);
    a = await buildTestApp(t.store, { notify: { policy: outboundPolicy(), timeoutMs: 5_000 } });
  });
  afterAll(async () => {
    await a?.app.close();
    await t?.dispose();
  });
  const inbox = async (query = '') => {
    const res = await a.app.inject({ method: 'GET', url: `/api/v1/inbox${query}`, headers: a.as.viewer });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as InboxBody;
  };

  it.skipIf(!storeAvailable(kind))(
    'lists what an inbox channel received, newest first, linked to the alert and its incident',
    async () => {
      // No inbox channel yet: the UI explains the channel instead of showing an empty list.
      expect(await inbox()).toEqual({ channels: [], items: [] });
      const created = await a.app.inject({
        method: 'POST',
        url: '/api/v1/channels',
        headers: a.as.admin,
        payload: { name: 'team-inbox', kind: 'inbox', config: {} },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(await inbox()).toEqual({ channels: ['team-inbox'], items: [] });

      const ctx = testContext(t.store, undefined, a.clock);
      const fired = await fireAlert(t.store, {
        fingerprint: 'orders-fresh',
        asset: 'main.orders',
        at: a.clock.now(),
      });
      await processDueGroups(ctx);
      a.clock.advance(6 * 60_000);
      await fireAlert(t.store, {
        fingerprint: 'orders-fresh',
        asset: 'main.orders',
        at: a.clock.now(),
        status: 'resolved',
      });
      await processDueGroups(ctx);

      const { items } = await inbox();
      expect(items.map((i) => i.title)).toEqual([
        '[RESOLVED] orders-fresh failed',
        '[FIRING] orders-fresh failed',
      ]);
      const incident = await t.store.db
        .selectFrom('incidents')
        .select(['id', 'title'])
        .executeTakeFirstOrThrow();
      for (const item of items) {
        expect(item).toMatchObject({ channel: 'team-inbox', kind: expect.stringMatching(/^alert\./) });
        expect(item.alert?.id).toBe(fired.alert?.id);
        expect(item.incident).toEqual({ id: incident.id, title: incident.title });
      }
      // Paging back from the newest, and a channel filter.
      const older = await inbox(`?limit=1&before=${items[0]!.id}`);
      expect(older.items.map((i) => i.title)).toEqual(['[FIRING] orders-fresh failed']);
      expect((await inbox('?channel=elsewhere')).items).toEqual([]);
      const anonymous = await a.app.inject({ method: 'GET', url: '/api/v1/inbox' });
      expect(anonymous.statusCode).toBe(401);
    },
  );
});
