import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelConfigSchema, createNotifier } from '../registry.js';
import { firingMessage, loopbackDeps } from '../testing/fixtures.js';
import { type Receiver, startReceiver } from '../testing/receiver.js';
import { pagerDutyEventProblems } from '../testing/shapes/pagerduty-shape.js';

const ROUTING_KEY = 'R0123456789abcdefABCDEF012345678';
let receiver: Receiver;

beforeAll(async () => {
  // Answers as the Events API v2 does: 202 with the dedup key, or 400 listing the errors.
  receiver = await startReceiver({
    respond: (req) => {
      if (req.path !== '/v2/enqueue') return { status: 404 };
      const event = JSON.parse(req.body);
      const errors = pagerDutyEventProblems(event);
      if (errors.length > 0) {
        return {
          status: 400,
          body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors }),
        };
      }
      return {
        status: 202,
        body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: event.dedup_key }),
      };
    },
  });
});
afterAll(() => receiver.close());

const channel = (extra: Record<string, unknown> = {}) =>
  channelConfigSchema.parse({
    kind: 'pagerduty',
    routingKey: ROUTING_KEY,
    eventsUrl: `${receiver.origin}/v2/enqueue`,
    ...extra,
  });
const sent = (n = 1) => receiver.requests.slice(-n).map((r) => JSON.parse(r.body));

describe('PagerDuty Events API v2', () => {
  it('triggers with the documented payload fields', async () => {
    const notifier = createNotifier(channel(), loopbackDeps());
    const result = await notifier.send(firingMessage());
    expect(result).toEqual({ ok: true, status: 202, reference: 'vigil-group-orders-freshness' });
    const [event] = sent();
    expect(pagerDutyEventProblems(event)).toEqual([]);
    expect(event).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'vigil-group-orders-freshness',
      client: 'Vigil',
      client_url: 'https://vigil.example.com/incidents/i1',
      payload: {
        summary: 'Firing: orders is late',
        source: 'warehouse.public.orders',
        severity: 'critical',
        timestamp: '2026-01-05T09:00:00Z',
        custom_details: {
          observed: 'last row 3 h 12 min ago',
          expected: 'a new row every 30 min',
          alert_count: 1,
        },
      },
    });
    expect(event.links).toEqual([
      { href: 'https://vigil.example.com/monitors/m1', text: 'Monitor' },
      { href: 'https://wiki.example.com/runbooks/orders', text: 'Runbook' },
      { href: 'https://vigil.example.com/incidents/i1', text: 'Incident' },
    ]);
  });

  it('maps severities to the four PagerDuty accepts, overridable per channel', async () => {
    const notifier = createNotifier(channel({ severityMap: { ticket: 'error' } }), loopbackDeps());
    await notifier.send(firingMessage({ severity: 'ticket' }));
    await notifier.send(firingMessage({ severity: 'log' }));
    expect(sent(2).map((e) => e.payload.severity)).toEqual(['error', 'info']);
  });

  it('acknowledges and resolves the same alert by dedup_key, without a payload', async () => {
    const notifier = createNotifier(channel(), loopbackDeps());
    await notifier.send(firingMessage({ kind: 'alert.acknowledged', status: 'acknowledged' }));
    await notifier.send(firingMessage({ kind: 'alert.resolved', status: 'resolved' }));
    await notifier.send(firingMessage({ kind: 'incident.update', status: 'resolved' }));
    const events = sent(3);
    expect(events.map((e) => [e.event_action, e.dedup_key, 'payload' in e])).toEqual([
      ['acknowledge', 'vigil-group-orders-freshness', false],
      ['resolve', 'vigil-group-orders-freshness', false],
      ['resolve', 'vigil-group-orders-freshness', false],
    ]);
    for (const e of events) expect(pagerDutyEventProblems(e)).toEqual([]);
  });

  it('a test message triggers and then resolves, leaving nothing open', async () => {
    const notifier = createNotifier(channel(), loopbackDeps());
    const result = await notifier.sendTest({ idempotencyKey: 'test-pd-1' });
    expect(result).toMatchObject({ ok: true, status: 202 });
    expect(sent(2).map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', 'test-pd-1'],
      ['resolve', 'test-pd-1'],
    ]);
  });

  it('does not carry digests', async () => {
    const notifier = createNotifier(channel(), loopbackDeps());
    const before = receiver.requests.length;
    expect(notifier.supports('digest')).toBe(false);
    expect(await notifier.send(firingMessage({ kind: 'digest' }))).toMatchObject({
      ok: false,
      retryable: false,
      code: 'unsupported',
    });
    expect(receiver.requests.length).toBe(before);
  });

  it("reports PagerDuty's errors on a 400, permanently, without the routing key", async () => {
    const strict = await startReceiver({
      respond: () => ({
        status: 400,
        body: JSON.stringify({
          status: 'invalid event',
          message: 'Event object is invalid',
          errors: [`'routing_key' ${ROUTING_KEY} is not a valid integration`],
        }),
      }),
    });
    try {
      const notifier = createNotifier(channel({ eventsUrl: `${strict.origin}/v2/enqueue` }), loopbackDeps());
      const result = await notifier.send(firingMessage());
      expect(result).toEqual({
        ok: false,
        retryable: false,
        status: 400,
        code: 'http',
        error:
          "PagerDuty: answered HTTP 400: Event object is invalid; 'routing_key' [redacted] is not a valid integration",
      });
    } finally {
      await strict.close();
    }
  });

  it('an empty asset still gives PagerDuty a source', async () => {
    const notifier = createNotifier(channel(), loopbackDeps());
    expect((await notifier.send(firingMessage({ asset: '' }))).ok).toBe(true);
    expect(sent()[0].payload.source).toBe('vigil');
  });

  it('uses the public endpoint unless told otherwise and refuses a malformed key', () => {
    const parsed = channelConfigSchema.parse({ kind: 'pagerduty', routingKey: ROUTING_KEY });
    expect(parsed).toMatchObject({ eventsUrl: 'https://events.pagerduty.com/v2/enqueue' });
    const bad = channelConfigSchema.safeParse({ kind: 'pagerduty', routingKey: 'short' });
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['routingKey'],
      message: 'must be the 32-character integration key',
    });
  });
});
