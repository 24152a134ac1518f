import { describe, expect, it } from 'vitest';
import { isRetryableStatus, parseRetryAfter, scrubSecrets } from './delivery.js';

describe('parseRetryAfter', () => {
  const now = new Date('2026-01-05T09:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Mon, 05 Jan 2026 09:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 08:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it.each([408, 429, 500, 502, 503, 504])('%i is worth retrying', (s) =>
    expect(isRetryableStatus(s)).toBe(true),
  );
  it.each([400, 401, 403, 404, 410, 413, 422])('%i is permanent', (s) =>
    expect(isRetryableStatus(s)).toBe(false),
  );
});

describe('scrubSecrets', () => {
  it('removes secret values, their URL-encoded forms and URL paths', () => {
    const out = scrubSecrets(
      'failed for https://hooks.slack.com/services/T0/B0/abc?x=1 with p@ss/word and p%40ss%2Fword',
      ['p@ss/word'],
    );
    expect(out).toBe('failed for https://hooks.slack.com/… with [redacted] and [redacted]');
  });
});
