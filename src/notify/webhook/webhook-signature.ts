import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signing: `X-Vigil-Signature: sha256=<hex>` is HMAC-SHA256 with the channel's secret
 * over `<X-Vigil-Timestamp>.<raw body>`. Signing the timestamp with the body lets a receiver
 * refuse a captured request replayed later.
 */
export const SIGNATURE_HEADER = 'X-Vigil-Signature';
export const TIMESTAMP_HEADER = 'X-Vigil-Timestamp';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** What a receiver does; shipped so receivers in TypeScript (and the tests) need not rewrite it. */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  now: Date;
  /** How old a timestamp may be; default 300 s. */
  toleranceSeconds?: number;
}): SignatureCheck {
  if (!input.timestamp || !/^\d+$/.test(input.timestamp)) return { ok: false, reason: 'missing timestamp' };
  if (!input.signature?.startsWith('sha256=')) return { ok: false, reason: 'missing sha256= signature' };
  const age = Math.abs(input.now.getTime() / 1000 - Number(input.timestamp));
  if (age > (input.toleranceSeconds ?? 300)) return { ok: false, reason: 'timestamp outside tolerance' };
  const expected = Buffer.from(signWebhook(input.secret, Number(input.timestamp), input.body));
  const given = Buffer.from(input.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true };
}
