import { createHash } from 'node:crypto';

/**
 * The most an external alert's fingerprint may take as it is, in UTF-8 bytes. It is a unique key
 * in the store, and an index row holds at most 2,704 bytes; senders' own fingerprints (a hash, a
 * group key, an alarm ARN) are far shorter.
 */
export const MAX_FINGERPRINT_BYTES = 400;

/**
 * A fingerprint the store can key on: itself when short enough; else its first characters and the
 * SHA-256 of the whole, so the same long fingerprint always names the same alert and two
 * different ones never collide.
 */
export function alertKey(fingerprint: string): string {
  if (Buffer.byteLength(fingerprint) <= MAX_FINGERPRINT_BYTES) return fingerprint;
  const digest = createHash('sha256').update(fingerprint).digest('hex');
  return `${fingerprint.slice(0, 64)}…sha256:${digest}`;
}
