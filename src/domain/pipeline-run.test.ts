import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldRunEvents, NEW_RUN, nextRunState, type RunEventInput, runDurationMs } from './pipeline-run.js';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString();

describe('nextRunState', () => {
  it('follows START -> RUNNING -> COMPLETE and measures the run', () => {
    const r = foldRunEvents([
      { type: 'START', time: at(0) },
      { type: 'RUNNING', time: at(5) },
      { type: 'COMPLETE', time: at(12) },
    ]);
    expect(r.ok && r.state.status).toBe('completed');
    expect(r.ok && runDurationMs(r.state)).toBe(12 * 60_000);
  });

  it('keeps a run finished when an earlier RUNNING arrives late', () => {
    const r = foldRunEvents([
      { type: 'FAIL', time: at(10) },
      { type: 'RUNNING', time: at(4) },
      { type: 'START', time: at(1) },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.status).toBe('failed');
    expect(r.state.startedAt).toBe(at(1));
    expect(r.state.endedAt).toBe(at(10));
  });

  it('rejects a run that ends twice in different ways', () => {
    const r = foldRunEvents([
      { type: 'START', time: at(0) },
      { type: 'COMPLETE', time: at(3) },
      { type: 'FAIL', time: at(4) },
    ]);
    expect(r).toMatchObject({ ok: false, code: 'impossible_transition' });
    expect(!r.ok && r.message).toContain('cannot also be failed');
  });

  it('rejects a restart after the end, and an end before the start', () => {
    const done = foldRunEvents([{ type: 'COMPLETE', time: at(3) }]);
    if (!done.ok) throw new Error('expected ok');
    expect(nextRunState(done.state, { type: 'RUNNING', time: at(9) }).ok).toBe(false);
    expect(nextRunState(done.state, { type: 'START', time: at(9) }).ok).toBe(false);
    const started = nextRunState(NEW_RUN, { type: 'START', time: at(5) });
    if (!started.ok) throw new Error('expected ok');
    expect(nextRunState(started.state, { type: 'ABORT', time: at(2) })).toMatchObject({ ok: false });
  });

  it('treats a re-delivered event as no change, and OTHER as metadata only', () => {
    const s = foldRunEvents([
      { type: 'START', time: at(0) },
      { type: 'COMPLETE', time: at(3) },
    ]);
    if (!s.ok) throw new Error('expected ok');
    expect(nextRunState(s.state, { type: 'COMPLETE', time: at(3) })).toMatchObject({
      ok: true,
      changed: false,
    });
    const other = nextRunState(s.state, { type: 'OTHER', time: at(30) });
    expect(other.ok && other.state.status).toBe('completed');
    expect(nextRunState(NEW_RUN, { type: 'OTHER', time: at(0) })).toMatchObject({
      ok: true,
      state: { status: 'pending' },
    });
  });

  it('rejects a second START at another time, and a time that is not a date', () => {
    const s = nextRunState(NEW_RUN, { type: 'START', time: at(0) });
    if (!s.ok) throw new Error('expected ok');
    expect(nextRunState(s.state, { type: 'START', time: at(1) }).ok).toBe(false);
    expect(nextRunState(s.state, { type: 'RUNNING', time: 'yesterday' })).toMatchObject({
      code: 'invalid_time',
    });
  });

  it('reaches the same state whatever order the events of a real run arrive in', () => {
    const run = fc
      .tuple(
        fc.array(fc.integer({ min: 1, max: 58 }), { maxLength: 6 }),
        fc.constantFrom('COMPLETE' as const, 'FAIL' as const, 'ABORT' as const),
        fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 3 }),
      )
      .map(
        ([running, end, other]) =>
          [
            { type: 'START', time: at(0) },
            ...running.map((m) => ({ type: 'RUNNING' as const, time: at(m) })),
            { type: end, time: at(59) },
            ...other.map((m) => ({ type: 'OTHER' as const, time: at(m) })),
          ] as RunEventInput[],
      );
    fc.assert(
      fc.property(
        run.chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        ([inOrder, shuffled]) => {
          const a = foldRunEvents(inOrder);
          const b = foldRunEvents(shuffled);
          expect(a.ok && b.ok).toBe(true);
          expect(b).toEqual(a);
        },
      ),
    );
  });
});
