import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelConfig } from './registry.js';
import { createNotifier } from './registry.js';
import { firingMessage, loopbackDeps } from './testing/fixtures.js';
import { type Reply, type Receiver, startReceiver } from './testing/receiver.js';

/**
 * The retry rules every HTTP channel shares, exercised through each of them: the dispatcher reads
 * `retryable` and `retryAfterMs` and must get the same answer whichever channel failed.
 */
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const TOKEN = 'xoxT0kenInPath';
const channels = (): Array<[string, ChannelConfig]> => [
  ['slack', { kind: 'slack', url: `${receiver.origin}/services/T/B/${TOKEN}` }],
  ['teams', { kind: 'teams', url: `${receiver.origin}/workflows/w?sig=${TOKEN}` }],
  ['webhook', { kind: 'webhook', url: `${receiver.origin}/hook?token=${TOKEN}`, followRedirects: false }],
  [
    'pagerduty',
    {
      kind: 'pagerduty',
      routingKey: 'R0123456789abcdefABCDEF012345678',
      eventsUrl: `${receiver.origin}/v2/enqueue`,
    },
  ],
];

async function sendWith(name: string, reply: Reply, timeoutMs?: number) {
  const config = channels().find(([n]) => n === name)?.[1] as ChannelConfig;
  receiver.respond(() => reply);
  const notifier = createNotifier(config, loopbackDeps(timeoutMs ? { timeoutMs } : {}));
  const result = await notifier.send(firingMessage());
  if (!result.ok) expect(result.error).not.toContain(TOKEN);
  return result;
}

describe.each(['slack', 'teams', 'webhook', 'pagerduty'])('%s delivery results', (config) => {
  it('429 with Retry-After in seconds is retryable after that long', async () => {
    const result = await sendWith(config, {
      status: 429,
      headers: { 'retry-after': '7' },
      body: 'slow down',
    });
    expect(result).toMatchObject({ ok: false, retryable: true, status: 429, retryAfterMs: 7000 });
  });

  it('503 with Retry-After as an HTTP date is retryable after the time left', async () => {
    // The fixture clock reads 2026-01-05T09:00:00Z.
    const reply: Reply = { status: 503, headers: { 'retry-after': 'Mon, 05 Jan 2026 09:01:30 GMT' } };
    expect(await sendWith(config, reply)).toMatchObject({ ok: false, retryable: true, retryAfterMs: 90_000 });
  });

  it.each([500, 502, 504, 408])('%i is retryable', async (status) => {
    const result = await sendWith(config, { status });
    expect(result).toMatchObject({ ok: false, retryable: true, status });
    expect(result).not.toHaveProperty('retryAfterMs');
  });

  it.each([400, 401, 403, 404, 410, 413])('%i is permanent', async (status) => {
    expect(await sendWith(config, { status, body: 'nope' })).toMatchObject({
      ok: false,
      retryable: false,
      status,
    });
  });

  it('a receiver that does not answer in time is retryable', async () => {
    const result = await sendWith(config, 'hang', 200);
    expect(result).toMatchObject({ ok: false, retryable: true, code: 'timeout' });
    if (!result.ok) expect(result.error).toContain('no answer within 200 ms');
  });
});

describe('network failures', () => {
  it('a refused connection is retryable and names the host only', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const notifier = createNotifier(
      { kind: 'webhook', url: `http://127.0.0.1:${port}/hook?token=${TOKEN}`, followRedirects: false },
      loopbackDeps(),
    );
    expect(await notifier.send(firingMessage())).toEqual({
      ok: false,
      retryable: true,
      code: 'network',
      error: 'Webhook: ECONNREFUSED connecting to 127.0.0.1',
    });
  });
});
