import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../domain/clock.js';
import { channelConfigSchema, checkChannelTargets, createNotifier } from '../registry.js';
import { outboundPolicy } from '../ssrf-guard.js';
import { firingMessage, loopbackDeps } from '../testing/fixtures.js';
import { type Receiver, startReceiver } from '../testing/receiver.js';
import { webhookPayloadV1Schema } from './webhook-payload.js';
import { verifyWebhookSignature } from './webhook-signature.js';

const SECRET = 'whsec-0123456789abcdef';
const clock = new ManualClock('2026-01-05T09:00:00Z');
let receiver: Receiver;
const verdicts: string[] = [];

beforeAll(async () => {
  // A receiver written the way docs/notifications.md tells users to write one.
  receiver = await startReceiver({
    respond: (req) => {
      const signature = verifyWebhookSignature({
        secret: SECRET,
        body: req.body,
        timestamp: req.headers['x-vigil-timestamp'] as string | undefined,
        signature: req.headers['x-vigil-signature'] as string | undefined,
        now: clock.now(),
      });
      const shape = webhookPayloadV1Schema.safeParse(JSON.parse(req.body));
      verdicts.push(!signature.ok ? signature.reason : shape.success ? 'valid' : shape.error.message);
      return signature.ok && shape.success ? { status: 204 } : { status: 401 };
    },
  });
});
afterAll(() => receiver.close());

const config = () =>
  channelConfigSchema.parse({
    kind: 'webhook',
    url: `${receiver.origin}/hooks/vigil?token=abc123token`,
    secret: SECRET,
    headers: { Authorization: 'Bearer user-token-xyz', 'X-Team': 'data' },
  });

describe('generic webhook', () => {
  it('posts the versioned JSON body, signed over timestamp.body, with the user headers', async () => {
    verdicts.length = 0;
    const notifier = createNotifier(config(), loopbackDeps({ clock }));
    expect(await notifier.send(firingMessage())).toEqual({ ok: true, status: 204 });
    expect(verdicts).toEqual(['valid']);
    const req = receiver.requests.at(-1);
    expect(req?.headers['idempotency-key']).toBe('outbox-42-attempt-group');
    expect(req?.headers['x-vigil-event']).toBe('alert.firing');
    expect(req?.headers['x-vigil-timestamp']).toBe('1767603600');
    expect(req?.headers['x-vigil-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(req?.headers.authorization).toBe('Bearer user-token-xyz');
    expect(req?.headers['x-team']).toBe('data');
    const body = JSON.parse(req?.body ?? '{}');
    expect(body).toMatchObject({
      version: '1',
      id: 'outbox-42-attempt-group',
      type: 'alert.firing',
      severity: 'page',
      asset: 'warehouse.public.orders',
      observed: 'last row 3 h 12 min ago',
      expected: 'a new row every 30 min',
      summary: 'Firing: orders is late',
      dedupKey: 'vigil-group-orders-freshness',
      incident: null,
      links: { runbook: 'https://wiki.example.com/runbooks/orders', asset: null },
    });
    expect(body.alerts[0]).toEqual({
      fingerprint: 'fp-orders-freshness',
      labels: { owner: 'data-platform', domain: 'sales' },
      startedAt: '2026-01-05T08:55:00Z',
      value: 11520,
      title: null,
      status: null,
    });
  });

  it('a tampered body or a stale timestamp fails verification', () => {
    const req = receiver.requests.at(-1);
    const base = {
      secret: SECRET,
      timestamp: req?.headers['x-vigil-timestamp'] as string,
      signature: req?.headers['x-vigil-signature'] as string,
    };
    expect(verifyWebhookSignature({ ...base, body: req?.body ?? '', now: clock.now() })).toEqual({
      ok: true,
    });
    expect(verifyWebhookSignature({ ...base, body: `${req?.body} `, now: clock.now() })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    const later = new Date(clock.now().getTime() + 10 * 60_000);
    expect(verifyWebhookSignature({ ...base, body: req?.body ?? '', now: later })).toMatchObject({
      ok: false,
    });
  });

  it('a retry of the same message carries the same idempotency key', async () => {
    const notifier = createNotifier(config(), loopbackDeps({ clock }));
    await notifier.send(firingMessage());
    await notifier.send(firingMessage());
    const keys = receiver.requests.slice(-2).map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual(['outbox-42-attempt-group', 'outbox-42-attempt-group']);
  });

  it('sends a test message that matches the schema', async () => {
    verdicts.length = 0;
    const notifier = createNotifier(config(), loopbackDeps({ clock }));
    expect(await notifier.sendTest({ idempotencyKey: 'test-1' })).toEqual({ ok: true, status: 204 });
    expect(verdicts).toEqual(['valid']);
    expect(JSON.parse(receiver.requests.at(-1)?.body ?? '{}')).toMatchObject({ type: 'test', id: 'test-1' });
  });

  it('refuses headers Vigil sets itself when the channel is saved', () => {
    const parsed = channelConfigSchema.safeParse({
      kind: 'webhook',
      url: 'https://example.com/hook',
      headers: { 'X-Vigil-Signature': 'forged', 'Idempotency-Key': 'x' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([
      'X-Vigil-Signature is set by Vigil and cannot be changed',
      'Idempotency-Key is set by Vigil and cannot be changed',
    ]);
  });

  it('refuses a URL pointing at a private address when saved, with the reason', async () => {
    const channel = channelConfigSchema.parse({
      kind: 'webhook',
      url: 'http://10.1.2.3:8080/hook?token=abc',
    });
    expect(await checkChannelTargets(channel, outboundPolicy())).toEqual({
      ok: false,
      field: 'url',
      reason: '10.1.2.3 is a private address (10.0.0.0/8)',
    });
    const local = channelConfigSchema.parse({ kind: 'webhook', url: `${receiver.origin}/hook` });
    expect(await checkChannelTargets(local, outboundPolicy())).toMatchObject({ ok: false, field: 'url' });
    expect(await checkChannelTargets(local, outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }))).toEqual({
      ok: true,
    });
  });

  it('does not follow a redirect by default; with followRedirects a hop to a refused address is refused', async () => {
    const redirecting = await startReceiver({
      respond: () => ({ status: 308, headers: { location: 'http://[fd00:ec2::254]/latest/api/token' } }),
    });
    try {
      const url = `${redirecting.origin}/hook`;
      const plain = createNotifier({ kind: 'webhook', url, followRedirects: false }, loopbackDeps({ clock }));
      expect(await plain.send(firingMessage())).toEqual({
        ok: false,
        retryable: false,
        status: 308,
        code: 'redirect',
        error:
          'Webhook: answered HTTP 308, a redirect to [fd00:ec2::254]; redirects are not followed, update the URL',
      });
      const following = createNotifier(
        { kind: 'webhook', url, followRedirects: true },
        loopbackDeps({ clock }),
      );
      expect(await following.send(firingMessage())).toEqual({
        ok: false,
        retryable: false,
        code: 'refused',
        error: 'Webhook: address refused: redirect refused: fd00:ec2::254 is a cloud metadata address',
      });
    } finally {
      await redirecting.close();
    }
  });
});
