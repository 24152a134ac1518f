import { describe, expect, it } from 'vitest';
import { channelConfigSchema, createNotifier } from '../registry.js';
import { firingMessage, loopbackDeps } from '../testing/fixtures.js';

describe('inbox channel', () => {
  it('accepts every message at once, so the outbox row is the delivered message', async () => {
    const notifier = createNotifier(
      channelConfigSchema.parse({ kind: 'inbox', name: 'inbox' }),
      loopbackDeps(),
    );
    const message = firingMessage();
    expect(await notifier.send(message)).toEqual({
      ok: true,
      status: 200,
      reference: message.idempotencyKey,
    });
    expect((await notifier.sendTest()).ok).toBe(true);
  });

  it('has no outbound address for the SSRF guard to check', () => {
    expect(channelConfigSchema.safeParse({ kind: 'inbox', url: 'http://x' }).success).toBe(false);
  });
});
