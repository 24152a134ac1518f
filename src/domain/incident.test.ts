import { describe, expect, it } from 'vitest';
import {
  canChangeStatus,
  type IncidentTimes,
  incidentDurations,
  incidentTypeForAlert,
  timeOrderProblem,
  timesForStatus,
} from './incident.js';

const t = (hhmm: string) => new Date(`2026-01-05T${hhmm}:00Z`);
const base: IncidentTimes = {
  startedAt: t('08:00'),
  detectedAt: t('09:00'),
  acknowledgedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
};

describe('incident rules', () => {
  it('moves forward freely, reopens from resolved, closes only when resolved, never leaves closed', () => {
    expect(canChangeStatus('triage', 'identified')).toBe(true);
    expect(canChangeStatus('monitoring', 'investigating')).toBe(true);
    expect(canChangeStatus('investigating', 'triage')).toBe(false);
    expect(canChangeStatus('investigating', 'closed')).toBe(false);
    expect(canChangeStatus('resolved', 'investigating')).toBe(true);
    expect(canChangeStatus('resolved', 'closed')).toBe(true);
    expect(canChangeStatus('closed', 'investigating')).toBe(false);
  });

  it('names the first time that comes before an earlier one', () => {
    expect(timeOrderProblem(base)).toBeNull();
    expect(timeOrderProblem({ ...base, acknowledgedAt: t('08:30') })).toEqual({
      field: 'acknowledgedAt',
      before: 'detectedAt',
    });
    // Gaps are skipped: resolved is compared with the latest time that is set.
    expect(timeOrderProblem({ ...base, resolvedAt: t('08:59') })).toEqual({
      field: 'resolvedAt',
      before: 'detectedAt',
    });
  });

  it('fills the times a status implies, and keeps them in order around times set by hand', () => {
    const resolved = timesForStatus(base, 'resolved', t('10:00'));
    expect(resolved).toMatchObject({
      acknowledgedAt: t('10:00'),
      mitigatedAt: t('10:00'),
      resolvedAt: t('10:00'),
    });
    const handMitigated = timesForStatus({ ...base, mitigatedAt: t('09:20') }, 'investigating', t('09:45'));
    expect(handMitigated.acknowledgedAt).toEqual(t('09:20'));
    expect(timeOrderProblem(handMitigated)).toBeNull();
    expect(timesForStatus(resolved, 'investigating', t('11:00')).resolvedAt).toBeNull();
  });

  it('derives durations in seconds: detect from the start, the rest from detection', () => {
    expect(
      incidentDurations({
        ...base,
        acknowledgedAt: t('09:05'),
        mitigatedAt: t('09:30'),
        resolvedAt: t('10:00'),
      }),
    ).toEqual({ timeToDetect: 3600, timeToAcknowledge: 300, timeToMitigate: 1800, timeToResolve: 3600 });
    expect(incidentDurations(base).timeToResolve).toBeNull();
  });

  it('guesses the incident type from the alert', () => {
    expect(incidentTypeForAlert('monitor', { kind: 'freshness' })).toBe('freshness');
    expect(incidentTypeForAlert('monitor', { kind: 'custom_sql' })).toBe('quality');
    expect(incidentTypeForAlert('heartbeat', {})).toBe('pipeline_failure');
    expect(incidentTypeForAlert('source', { kind: 'source_down' })).toBe('infrastructure');
    expect(incidentTypeForAlert('external', {})).toBe('other');
  });
});
