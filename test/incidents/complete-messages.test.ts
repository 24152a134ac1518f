import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafParts, parseMime } from '../../src/notify/testing/mime.js';
import { type Receiver, startReceiver } from '../../src/notify/testing/receiver.js';
import { type SmtpSink, startSmtpSink } from '../../src/notify/testing/smtp-sink.js';
import { slackWebhookProblems } from '../../src/notify/testing/shapes/slack-shape.js';
import { teamsWorkflowProblems } from '../../src/notify/testing/shapes/adaptive-card-shape.js';
import {
  DEFAULT_DISPATCH,
  dispatchOutbox,
  NotifierCache,
} from '../../src/services/alerts/dispatch-outbox.js';
import { processDueGroups } from '../../src/services/alerts/process-groups.js';
import { createChannel } from '../../src/services/channels.js';
import { LOOPBACK_NOTIFIER, webhookReceiver } from '../support/alert-delivery.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore, testContext, testSecrets } from '../support/stores.js';
import { alertmanagerBody } from './alertmanager-body.js';
import { pagerDutyReceiver } from './pagerduty-receiver.js';

const PUBLIC_URL = 'https://vigil.example.com';

describe('every message complete, whatever its length', () => {
  let t: TestStore;
  let a: TestApp;
  let slack: Receiver;
  let teams: Receiver;
  let hook: Receiver;
  let smtp: SmtpSink;
  let pd: Awaited<ReturnType<typeof pagerDutyReceiver>>;
  const ctx = () => testContext(t.store, undefined, a.clock);
  const notifiers = new NotifierCache(testSecrets);
  const turn = async () => {
    await processDueGroups(ctx(), { publicUrl: PUBLIC_URL });
    await dispatchOutbox(ctx(), notifiers, {
      ...DEFAULT_DISPATCH,
      notifier: { ...LOOPBACK_NOTIFIER, publicUrl: PUBLIC_URL },
    });
  };

  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
    a.clock.set('2026-06-01T10:00:00Z');
    slack = await startReceiver();
    teams = await startReceiver();
    smtp = await startSmtpSink();
    hook = await webhookReceiver(ctx());
    pd = await pagerDutyReceiver(ctx());
    await createChannel({
      ctx: ctx(),
      input: {
        name: 'slack',
        kind: 'slack',
        config: { url: `${slack.origin}/services/T0/B0/X` },
        deps: LOOPBACK_NOTIFIER,
      },
    });
    await createChannel({
      ctx: ctx(),
      input: {
        name: 'teams',
        kind: 'teams',
        config: { url: `${teams.origin}/workflows/run` },
        deps: LOOPBACK_NOTIFIER,
      },
    });
    await createChannel({
      ctx: ctx(),
      input: {
        name: 'mail',
        kind: 'email',
        config: {
          host: '127.0.0.1',
          port: smtp.port,
          security: 'none',
          from: 'vigil@example.com',
          to: ['oncall@example.com'],
        },
        deps: LOOPBACK_NOTIFIER,
      },
    });
  });
  afterAll(async () => {
    for (const r of [slack, teams, hook, pd.receiver]) await r.close();
    await smtp.close();
    await a.app.close();
    await t.dispose();
  });

  it('delivers a 3,500-character summary cut with an ellipsis on every channel, with the incident and runbook links', async () => {
    const summary = `Payments replica lag ${'is far above the limit; '.repeat(200)}`.slice(0, 3_500);
    expect(summary).toHaveLength(3_500);
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/alertmanager',
      headers: a.as.responder,
      payload: alertmanagerBody([
        {
          name: 'PaymentsReplicaLag',
          startsAt: '2026-06-01T09:59:00Z',
          labels: { asset: 'raw.payments' },
          annotations: { summary, runbook_url: 'https://runbooks.example.com/payments/lag' },
        },
      ]),
    });
    expect(res.statusCode).toBe(200);
    await turn();

    const outbox = await t.store.db
      .selectFrom('outbox')
      .select(['channel_name', 'status', 'last_error'])
      .execute();
    expect(outbox.filter((o) => o.status !== 'sent')).toEqual([]);
    expect(new Set(outbox.map((o) => o.channel_name))).toEqual(
      new Set(['hook', 'pd', 'slack', 'teams', 'mail']),
    );

    const start = summary.slice(0, 40);
    const cut = (s: string) => {
      expect(s).toContain(start);
      expect(s.endsWith('…')).toBe(true);
      expect(s.length).toBeLessThan(summary.length);
      expect(s).not.toMatch(/Firing: \[FIRING/);
    };
    const incident = (await t.store.db.selectFrom('incidents').select('id').executeTakeFirstOrThrow()).id;
    const incidentLink = `${PUBLIC_URL}/incidents/${incident}`;

    const s = JSON.parse(slack.requests[0]?.body ?? '{}');
    expect(slackWebhookProblems(s)).toEqual([]);
    cut(s.blocks[0].text.text);
    const buttons = s.blocks
      .find((b: { type: string }) => b.type === 'actions')
      .elements.map((e: { url: string }) => e.url);
    expect(buttons).toEqual(
      expect.arrayContaining([incidentLink, 'https://runbooks.example.com/payments/lag']),
    );

    const card = JSON.parse(teams.requests[0]?.body ?? '{}');
    expect(teamsWorkflowProblems(card)).toEqual([]);
    cut(card.attachments[0].content.body[0].text);
    expect(card.attachments[0].content.actions.map((x: { url: string }) => x.url)).toContain(incidentLink);

    const w = JSON.parse(hook.requests[0]?.body ?? '{}');
    cut(w.title);
    expect(w.links).toMatchObject({
      incident: incidentLink,
      runbook: 'https://runbooks.example.com/payments/lag',
    });

    const [event] = pd.events();
    expect(pd.refused()).toBe(0);
    cut(event?.payload?.summary ?? '');
    expect(event?.links?.map((l) => l.href)).toContain(incidentLink);

    const mail = parseMime(smtp.mails[0]?.raw ?? '');
    // Encoded words of a folded subject are read back with a space between them.
    const subject = mail.headers.subject ?? '';
    expect(subject.replace(/\s+/g, '')).toContain(start.replace(/\s+/g, ''));
    expect(subject.endsWith('…')).toBe(true);
    expect(subject.length).toBeLessThan(300);
    expect(leafParts(mail).find((p) => p.contentType === 'text/plain')?.text).toContain(incidentLink);
  });
});
