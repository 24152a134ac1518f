import { describe, expect, it } from 'vitest';
import { detectChange } from './change-counters.js';

const obs = (
  inserts: number,
  updates: number,
  deletes: number,
  observedAt: string,
  lastModified?: string | null,
) => ({
  counters: { inserts, updates, deletes },
  observedAt,
  ...(lastModified === undefined ? {} : { lastModified }),
});

describe('detectChange', () => {
  it('cannot tell on the first observation', () => {
    expect(detectChange(null, obs(1, 0, 0, 't1'))).toMatchObject({
      changed: null,
      reason: 'first-observation',
      lastModified: null,
    });
  });

  it('says changed, and dates the change at the current poll, when any counter moved', () => {
    expect(detectChange(obs(10, 2, 0, 't1'), obs(10, 2, 4, 't2'))).toEqual({
      changed: true,
      reason: 'counters-moved',
      lastModified: 't2',
      delta: { inserts: 0, updates: 0, deletes: 4 },
    });
  });

  it('keeps the earlier change time while nothing moves', () => {
    expect(detectChange(obs(10, 2, 4, 't2', 't2'), obs(10, 2, 4, 't3'))).toMatchObject({
      changed: false,
      lastModified: 't2',
    });
  });

  it('does not invent a change when statistics were reset', () => {
    expect(detectChange(obs(10, 2, 4, 't2', 't2'), obs(1, 0, 0, 't3'))).toMatchObject({
      changed: null,
      reason: 'counters-reset',
      lastModified: 't2',
    });
  });
});
