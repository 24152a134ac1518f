import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../shared/result.js';
import { deleteIn, FIXTURES, fixture, setIn } from './fixtures.test-support.js';
import { parseOpenLineageBatch, parseOpenLineageEvent } from './index.js';

describe('parseOpenLineageEvent', () => {
  it.each(FIXTURES)('accepts the %s fixture', (name) => {
    const parsed = parseOpenLineageEvent(fixture(name));
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it('tells the three kinds apart', () => {
    const kinds = FIXTURES.map((n) => {
      const p = parseOpenLineageEvent(fixture(n));
      return p.ok ? p.value.kind : 'invalid';
    });
    expect(kinds).toEqual(['run', 'run', 'run', 'dataset', 'job']);
  });

  it('names each violation with its JSON path', () => {
    const e = fixture('run-start');
    setIn(e, ['run', 'runId'], 'run-42');
    setIn(e, ['eventType'], 'FINISHED');
    deleteIn(e, ['producer']);
    setIn(e, ['job', 'name'], 7);
    const parsed = parseOpenLineageEvent(e);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map(formatFieldError).sort()).toEqual([
      '/eventType: must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER',
      '/job/name: must be string',
      '/producer: is required',
      '/run/runId: must match format uuid',
    ]);
  });

  it('checks known facets in depth and wherever a dataset facet may sit', () => {
    const e = fixture('run-complete');
    setIn(e, ['outputs', 0, 'outputFacets', 'outputStatistics', 'rowCount'], 'many');
    deleteIn(e, ['inputs', 0, 'inputFacets', 'dataQualityAssertions', 'assertions', 1, 'success']);
    const parsed = parseOpenLineageEvent(e);
    expect(parsed.ok ? [] : parsed.errors.map(formatFieldError).sort()).toEqual([
      '/inputs/0/inputFacets/dataQualityAssertions/assertions/1/success: is required',
      '/outputs/0/outputFacets/outputStatistics/rowCount: must be integer',
    ]);
  });

  it('keeps unknown facets as sent, but still requires their producer and schema URL', () => {
    const parsed = parseOpenLineageEvent(fixture('run-complete'));
    if (!parsed.ok || parsed.value.kind !== 'run') throw new Error('expected a run event');
    expect(parsed.value.outputs[0]!.facets!.vigilCustomTag).toMatchObject({ tier: 'gold' });
    const e = fixture('run-start');
    deleteIn(e, ['run', 'facets', 'airflow', '_producer']);
    const bad = parseOpenLineageEvent(e);
    expect(bad.ok ? [] : bad.errors.map(formatFieldError)).toEqual([
      '/run/facets/airflow/_producer: is required',
    ]);
  });

  it('rejects what is not an event, and an event that is two kinds at once', () => {
    expect(parseOpenLineageEvent([])).toEqual({
      ok: false,
      errors: [{ path: '', message: 'must be object' }],
    });
    const none = parseOpenLineageEvent({ eventTime: '2026-01-05T00:00:00Z' });
    expect(none.ok ? '' : none.errors[0]!.message).toMatch(/must be a RunEvent/);
    const both = { ...fixture('job-event'), dataset: fixture('dataset-event').dataset };
    const p = parseOpenLineageEvent(both);
    expect(p.ok ? '' : p.errors[0]!.message).toBe('is ambiguous: valid as both DatasetEvent and JobEvent');
  });

  it('rejects times without an offset, as RFC 3339 does', () => {
    const e = { ...fixture('run-start'), eventTime: '2026-01-05T03:00:02' };
    const p = parseOpenLineageEvent(e);
    expect(p.ok ? [] : p.errors.map(formatFieldError)).toEqual(['/eventTime: must match format date-time']);
  });

  it('never throws on arbitrary JSON, and every error names a path', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const p = parseOpenLineageEvent(value);
        if (!p.ok) {
          expect(p.errors.length).toBeGreaterThan(0);
          for (const e of p.errors) expect(e.path === '' || e.path.startsWith('/')).toBe(true);
        }
      }),
    );
  });
});

describe('parseOpenLineageBatch', () => {
  it('accepts the valid events and reports the invalid ones by index', () => {
    const bad = { ...fixture('run-fail'), run: { runId: 'nope' } };
    const parsed = parseOpenLineageBatch([fixture('run-start'), bad, fixture('job-event'), 3]);
    if (!parsed.ok) throw new Error('a batch array always parses');
    expect(parsed.value.accepted.map((a) => a.index)).toEqual([0, 2]);
    expect(parsed.value.rejected).toEqual([
      { index: 1, errors: [{ path: '/run/runId', message: 'must match format uuid' }] },
      { index: 3, errors: [{ path: '', message: 'must be object' }] },
    ]);
  });

  it('refuses a body that is not an array', () => {
    expect(parseOpenLineageBatch({})).toEqual({
      ok: false,
      errors: [{ path: '', message: 'must be array' }],
    });
  });
});
