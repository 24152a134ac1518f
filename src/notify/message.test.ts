import { describe, expect, it } from 'vitest';
import { boundedKey, MESSAGE_KEY_MAX } from './message.js';

describe('boundedKey', () => {
  it('keeps a key that fits', () => {
    const key = `main:{owner="ana"}@k1#3`;
    expect(boundedKey(key)).toBe(key);
    expect(boundedKey('x'.repeat(MESSAGE_KEY_MAX))).toBe('x'.repeat(MESSAGE_KEY_MAX));
  });

  it('cuts a long key to a readable prefix and a hash of the whole key, the same every time', () => {
    const long = `main:{${'a'.repeat(400)}}`;
    const bounded = boundedKey(long);
    expect(bounded).toHaveLength(MESSAGE_KEY_MAX);
    expect(bounded).toMatch(/^main:\{a+~[0-9a-f]{32}$/);
    expect(boundedKey(long)).toBe(bounded);
    // Keys that differ only past the prefix still get different results.
    expect(boundedKey(`${long}b`)).not.toBe(bounded);
  });

  it('never cuts a character in half', () => {
    const key = `${'a'.repeat(221)}${'😀'.repeat(100)}`;
    const bounded = boundedKey(key);
    expect(bounded.length).toBeLessThanOrEqual(MESSAGE_KEY_MAX);
    // The cut would fall between the halves of the first emoji: it moves before it.
    expect(bounded).toMatch(/^a{221}~[0-9a-f]{32}$/);
  });
});
