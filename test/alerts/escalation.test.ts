import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundPolicy } from '../../src/notify/index.js';
import { type Receiver, startReceiver } from '../../src/notify/testing/receiver.js';
import { acknowledgeAlert } from '../../src/services/alerts/alert-actions.js';
import {
  DEFAULT_DISPATCH,
  dispatchOutbox,
  NotifierCache,
} from '../../src/services/alerts/dispatch-outbox.js';
import { escalateAlerts } from '../../src/services/alerts/escalate-alerts.js';
import { saveEscalationPolicy } from '../../src/services/alerts/escalation-policies.js';
import { ingestExternalAlerts } from '../../src/services/alerts/ingest-external-alerts.js';
import { saveSchedule } from '../../src/services/alerts/oncall-schedules.js';
import { processDueGroups } from '../../src/services/alerts/process-groups.js';
import { createChannel } from '../../src/services/channels.js';
import { json } from '../../src/store/executor.js';
import {
  openTestStore,
  STORE_KINDS,
  storeAvailable,
  testContext,
  testSecrets,
  type TestStore,
} from '../support/stores.js';

const notifier = { policy: outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }), timeoutMs: 5_000 };
const MINUTE = 60_000;

describe.each(STORE_KINDS.filter(storeAvailable))('escalation on %s', (kind) => {
  let t: TestStore;
  let ctx: ReturnType<typeof testContext>;
  const receivers: Record<string, Receiver> = {};
  const notifiers = new NotifierCache(testSecrets);
  const turn = async () => {
    await processDueGroups(ctx);
    await escalateAlerts(ctx, { publicUrl: 'https://vigil.example.com' });
    await dispatchOutbox(ctx, notifiers, { ...DEFAULT_DISPATCH, notifier });
  };
  const titles = (name: string) =>
    (receivers[name]?.requests ?? []).map((r) => (JSON.parse(r.body) as { title: string }).title);
  const page = (fingerprint: string, status: 'firing' | 'resolved' = 'firing') =>
    ingestExternalAlerts({
      ctx,
      input: {
        alerts: [
          {
            source: 'test',
            fingerprint,
            status,
            title: `orders stopped ${fingerprint}`,
            severity: 'page',
            labels: { team: 'data' },
            annotations: {},
          },
        ],
      },
    });

  beforeAll(async () => {
    t = await openTestStore(kind);
    ctx = testContext(t.store);
    for (const name of ['team', 'ana', 'bob', 'lead']) {
      receivers[name] = await startReceiver();
      await createChannel({
        ctx,
        input: { name, kind: 'webhook', config: { url: `${receivers[name]?.origin}/hook` }, deps: notifier },
      });
    }
    // The team channel gets the group message; the escalation policy pages people on top of it.
    await t.store.db
      .insertInto('settings')
      .values({
        key: 'routing',
        value: json({ route: { receiver: 'team', group_by: ['integration'], group_wait: '0s' } }),
      })
      .execute();
    await saveSchedule({
      ctx,
      input: {
        name: 'primary',
        timeZone: 'Europe/Berlin',
        rotations: [
          {
            name: 'weekly',
            participants: ['ana', 'bob'],
            start: '2026-01-05',
            handoffTime: '09:00',
            length: '1w',
          },
        ],
        overrides: [],
        contacts: { ana: 'ana', bob: 'bob' },
      },
    });
    await saveEscalationPolicy({
      ctx,
      input: {
        name: 'data-pages',
        matchers: ['team="data"'],
        levels: [
          { targets: ['schedule:primary'], delayMinutes: 10 },
          { targets: ['lead'], delayMinutes: 15 },
        ],
        repeat: 1,
      },
    });
  });
  afterAll(async () => {
    for (const r of Object.values(receivers)) await r.close();
    await t.dispose();
  });

  it('pages level 1 (who is on call), then level 2 when nobody acknowledges, then repeats', async () => {
    ctx.clock.set('2026-01-14T10:00:00Z'); // week 2 of the rotation: bob is on call
    await page('a1');
    await turn();
    expect(titles('team')).toHaveLength(1);
    expect(titles('bob')).toEqual(['[PAGE level 1/2] orders stopped a1']);
    expect(titles('ana')).toEqual([]);
    expect(titles('lead')).toEqual([]);

    ctx.clock.advance(9 * MINUTE);
    await turn();
    expect(titles('lead')).toEqual([]);

    ctx.clock.advance(1 * MINUTE); // 10 minutes, nobody acknowledged
    await turn();
    expect(titles('lead')).toEqual(['[PAGE level 2/2] orders stopped a1']);
    expect(titles('bob')).toHaveLength(1);

    ctx.clock.advance(15 * MINUTE); // the second pass starts at level 1 again
    await turn();
    expect(titles('bob')).toHaveLength(2);
    const body = JSON.parse(receivers.bob?.requests[1]?.body ?? '{}') as {
      links: { acknowledge?: string };
    };
    expect(body.links.acknowledge).toMatch(/^https:\/\/vigil\.example\.com\/api\/v1\/alert-links\?token=/);

    const events = await t.store.db
      .selectFrom('alert_events')
      .select('kind')
      .where('kind', '=', 'escalated')
      .execute();
    expect(events).toHaveLength(3);
  });

  it('acknowledging stops escalation and records the time to acknowledge', async () => {
    await page('a1', 'resolved');
    const before = titles('lead').length;
    await page('a2');
    await turn();
    ctx.clock.advance(4 * MINUTE);
    const alert = await t.store.db
      .selectFrom('alerts')
      .select('id')
      .where('fingerprint', '=', 'test:a2')
      .executeTakeFirstOrThrow();
    const ack = await acknowledgeAlert({ ctx, input: { id: alert.id } });
    expect(ack.timeToAcknowledgeSeconds).toBe(240);
    ctx.clock.advance(60 * MINUTE);
    await turn();
    expect(titles('lead').filter((x) => x.includes('a2'))).toEqual([]);
    expect(titles('lead')).toHaveLength(before);
  });

  it('refuses a policy naming an unknown schedule or channel, with the path', async () => {
    await expect(
      saveEscalationPolicy({
        ctx,
        input: {
          name: 'bad',
          matchers: [],
          levels: [{ targets: ['schedule:nope', 'ghost'], delayMinutes: 5 }],
          repeat: 0,
        },
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { path: 'levels[0].targets[0]', message: 'no schedule named nope' },
        { path: 'levels[0].targets[1]', message: 'no channel named ghost' },
      ],
    });
  });
  it("counts the steps from when Vigil saw the alert, not from the producer's earlier start", async () => {
    ctx.clock.set('2026-02-11T10:00:00Z');
    const leadBefore = titles('lead').length;
    await ingestExternalAlerts({
      ctx,
      input: {
        alerts: [
          {
            source: 'test',
            fingerprint: 'late1',
            status: 'firing',
            title: 'orders stopped late1',
            severity: 'page',
            labels: { team: 'data' },
            annotations: {},
            // The problem began 12 minutes before anyone could be paged: past level 1's 10.
            startsAt: '2026-02-11T09:48:00Z',
          },
        ],
      },
    });
    await turn();
    expect([...titles('ana'), ...titles('bob')]).toContain('[PAGE level 1/2] orders stopped late1');
    expect(titles('lead').slice(leadBefore)).toEqual([]);
  });
});
