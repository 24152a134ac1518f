import { expect, it } from 'vitest';
import { parseDuration } from './monitor.js';

it('reads schedule durations', () => {
  expect(parseDuration('30s')).toBe(30_000);
  expect(parseDuration('5m')).toBe(300_000);
  expect(parseDuration('2h')).toBe(7_200_000);
  expect(parseDuration('1d')).toBe(86_400_000);
  expect(parseDuration('5 minutes')).toBeUndefined();
  expect(parseDuration('')).toBeUndefined();
});
