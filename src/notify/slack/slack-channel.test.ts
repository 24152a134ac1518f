import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifier } from '../registry.js';
import { firingMessage, loopbackDeps } from '../testing/fixtures.js';
import { type Receiver, startReceiver } from '../testing/receiver.js';
import { slackWebhookProblems } from '../testing/shapes/slack-shape.js';

type Json = Record<string, unknown>;
let receiver: Receiver;
let problems: string[][] = [];

beforeAll(async () => {
  // Answers like Slack: "ok" when the body is valid, 400 invalid_blocks otherwise.
  receiver = await startReceiver({
    respond: (req) => {
      const found = slackWebhookProblems(JSON.parse(req.body));
      problems.push(found);
      return found.length === 0 ? { status: 200, body: 'ok' } : { status: 400, body: 'invalid_blocks' };
    },
  });
});
afterAll(() => receiver.close());

const url = () => `${receiver.origin}/services/T0001/B0001/s3cr3tT0ken`;
const lastBody = () => JSON.parse(receiver.requests.at(-1)?.body ?? '{}') as { text: string; blocks: Json[] };

describe('Slack incoming webhook', () => {
  it('posts a firing alert as valid Block Kit with a text fallback and URL buttons', async () => {
    problems = [];
    const notifier = createNotifier({ kind: 'slack', url: url() }, loopbackDeps());
    const result = await notifier.send(firingMessage());
    expect(result).toEqual({ ok: true, status: 200 });
    expect(problems).toEqual([[]]);
    const request = receiver.requests.at(-1);
    expect(request?.path).toBe('/services/T0001/B0001/s3cr3tT0ken');
    expect(request?.headers['content-type']).toBe('application/json');

    const body = lastBody();
    expect(body.text).toBe('Firing: orders is late (Page · warehouse.public.orders)');
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Firing: orders is late', emoji: true },
    });
    const texts = JSON.stringify(body.blocks);
    expect(texts).toContain('*Severity*\\nPage');
    expect(texts).toContain('*Asset*\\n`warehouse.public.orders`');
    expect(texts).toContain('*Observed*\\nlast row 3 h 12 min ago');
    expect(texts).toContain('*Expected*\\na new row every 30 min');
    // The message text is escaped for mrkdwn: no stray link or mention syntax reaches Slack.
    expect(texts).toContain('Freshness of &lt;orders&gt; &amp; friends broke its band.');
    expect(texts).toContain(
      'fp-orders-freshness · owner=data-platform, domain=sales · since 2026-01-05T08:55:00Z',
    );

    const actions = body.blocks.find((b) => b.type === 'actions') as { elements: Json[] };
    expect(actions.elements.map((e) => [(e.text as Json).text, e.url, e.style])).toEqual([
      ['Monitor', 'https://vigil.example.com/monitors/m1', undefined],
      ['Runbook', 'https://wiki.example.com/runbooks/orders', undefined],
      ['Incident', 'https://vigil.example.com/incidents/i1', undefined],
      ['Acknowledge', 'https://vigil.example.com/a/ack?sig=abc&t=1', 'primary'],
      ['Resolve', 'https://vigil.example.com/a/resolve?sig=def&t=1', 'danger'],
    ]);
  });

  it('a resolved alert offers no acknowledge or resolve button', async () => {
    const notifier = createNotifier({ kind: 'slack', url: url() }, loopbackDeps());
    const result = await notifier.send(firingMessage({ kind: 'alert.resolved', status: 'resolved' }));
    expect(result.ok).toBe(true);
    const body = lastBody();
    expect(body.blocks[0]).toMatchObject({ text: { text: 'Resolved: orders is late' } });
    expect(JSON.stringify(body.blocks)).not.toContain('Acknowledge');
    expect(JSON.stringify(body.blocks)).not.toContain('vigil_resolve');
  });

  it('a group of 25 alerts stays within Slack limits and says how many are left out', async () => {
    problems = [];
    const alerts = Array.from({ length: 25 }, (_, i) => ({
      fingerprint: `fp-${i}`,
      labels: { column: `c${i}` },
      startedAt: '2026-01-05T08:00:00Z',
      value: i,
    }));
    const notifier = createNotifier({ kind: 'slack', url: url() }, loopbackDeps());
    expect((await notifier.send(firingMessage({ alerts }))).ok).toBe(true);
    expect(problems).toEqual([[]]);
    expect(JSON.stringify(lastBody().blocks)).toContain('_and 15 more_');
  });

  it('uses the channel templates, escaping values for mrkdwn', async () => {
    const notifier = createNotifier(
      {
        kind: 'slack',
        url: url(),
        templates: {
          title: '[{{severity}}] {{asset}}',
          text: '*Observed:* {{observed}} <{{links.runbook}}|runbook>',
        },
      },
      loopbackDeps(),
    );
    await notifier.send(firingMessage({ observed: '<!here> 0 rows' }));
    const body = lastBody();
    expect(body.blocks[0]).toMatchObject({ text: { text: '[page] warehouse.public.orders' } });
    expect(JSON.stringify(body.blocks)).toContain(
      '*Observed:* &lt;!here&gt; 0 rows <https://wiki.example.com/runbooks/orders|runbook>',
    );
  });

  it('sends a test message', async () => {
    problems = [];
    const notifier = createNotifier({ kind: 'slack', url: url(), name: '#data-alerts' }, loopbackDeps());
    expect(await notifier.sendTest()).toEqual({ ok: true, status: 200 });
    expect(problems).toEqual([[]]);
    expect(lastBody().blocks[0]).toMatchObject({
      text: { text: 'Test: Vigil test message to #data-alerts' },
    });
  });

  it("reads Slack's plain-text error and keeps the webhook token out of it", async () => {
    const failing = await startReceiver({ respond: () => ({ status: 404, body: 'no_service' }) });
    try {
      const notifier = createNotifier(
        { kind: 'slack', url: `${failing.origin}/services/T1/B1/s3cr3tT0ken` },
        loopbackDeps(),
      );
      const result = await notifier.send(firingMessage());
      expect(result).toEqual({
        ok: false,
        retryable: false,
        status: 404,
        code: 'http',
        error: 'Slack: answered HTTP 404: no_service',
      });
    } finally {
      await failing.close();
    }
  });
});
