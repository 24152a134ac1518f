import type { CheckOutcome, Severity } from '../../domain/monitor.js';
import { staleSince } from '../../domain/problem-start.js';
import type { MonitorRow } from '../../store/schema.js';
import type { AlertSignal } from './alert-signal.js';

/** Failures that mean the warehouse itself is down: one source alert, not one per monitor. */
const SOURCE_DOWN = new Set(['SOURCE_UNREACHABLE', 'SOURCE_AUTH_FAILED']);

export interface CheckForAlerts {
  monitor: MonitorRow;
  sourceName: string;
  outcome: CheckOutcome;
  at: Date;
}

function baseLabels(c: CheckForAlerts): Record<string, string> {
  return {
    ...c.monitor.labels,
    monitor: c.monitor.name,
    monitor_id: c.monitor.id,
    asset: c.monitor.asset,
    source: c.sourceName,
    severity: c.monitor.severity,
    ...(c.monitor.owner ? { owner: c.monitor.owner } : {}),
  };
}

function annotations(c: CheckForAlerts): Record<string, string> {
  const e = c.outcome.expected;
  const expected = e ? `${e.lower ?? '-∞'} – ${e.upper ?? '∞'}` : '';
  return {
    title: c.monitor.name,
    summary: c.outcome.message,
    ...(c.monitor.runbook ? { runbook: c.monitor.runbook } : {}),
    ...(c.outcome.observed !== null ? { observed: String(c.outcome.observed) } : {}),
    ...(expected ? { expected } : {}),
  };
}

/**
 * When the problem began by the check's own evidence: a stale table was late from the moment it
 * was due (its last update plus the age allowed, static or learned), not when this run saw it.
 */
function problemStart(c: CheckForAlerts): Date | null {
  if (c.monitor.kind !== 'freshness') return null;
  const lastUpdate = (c.outcome.details as { lastUpdate?: unknown } | undefined)?.lastUpdate;
  return typeof lastUpdate === 'string'
    ? staleSince(lastUpdate, c.outcome.expected?.upper ?? null, c.at)
    : null;
}

/**
 * What one check result says about alerts: a failure fires the monitor's alert, a pass resolves
 * it (and the source's down alert), a source that is down fires one alert for the source, and
 * any other error fires the monitor's alert as a check error. Learning says nothing.
 */
export function alertSignalsFor(c: CheckForAlerts): AlertSignal[] {
  const monitorFingerprint = `monitor:${c.monitor.id}`;
  const sourceFingerprint = `source:${c.monitor.source_id}`;
  const common = { monitorId: c.monitor.id, sourceId: c.monitor.source_id, at: c.at };
  const code = (c.outcome.details as { code?: string } | undefined)?.code;
  switch (c.outcome.status) {
    case 'learning':
      return [];
    case 'pass':
      return [
        {
          ...common,
          fingerprint: monitorFingerprint,
          origin: 'monitor',
          status: 'resolved',
          severity: c.monitor.severity as Severity,
          title: c.monitor.name,
          summary: `back to normal: ${c.outcome.message}`,
          labels: {},
          annotations: {},
        },
        {
          ...common,
          fingerprint: sourceFingerprint,
          origin: 'source',
          status: 'resolved',
          severity: 'page',
          title: '',
          summary: `${c.sourceName} answers again`,
          labels: {},
          annotations: {},
        },
      ];
    case 'fail':
      return [
        {
          ...common,
          fingerprint: monitorFingerprint,
          origin: 'monitor',
          status: 'firing',
          severity: c.monitor.severity as Severity,
          title: c.monitor.name,
          summary: c.outcome.message,
          labels: { ...baseLabels(c), kind: c.monitor.kind },
          annotations: annotations(c),
          startedAt: problemStart(c),
        },
      ];
    default:
      if (code && SOURCE_DOWN.has(code)) {
        return [
          {
            ...common,
            monitorId: null,
            fingerprint: sourceFingerprint,
            origin: 'source',
            status: 'firing',
            severity: 'page',
            title: `source ${c.sourceName} is down`,
            summary: c.outcome.message,
            labels: { source: c.sourceName, kind: 'source_down', severity: 'page' },
            annotations: { title: `source ${c.sourceName} is down`, summary: c.outcome.message },
          },
        ];
      }
      return [
        {
          ...common,
          fingerprint: monitorFingerprint,
          origin: 'monitor',
          status: 'firing',
          severity: c.monitor.severity === 'page' ? 'ticket' : (c.monitor.severity as Severity),
          title: `${c.monitor.name}: the check cannot run`,
          summary: c.outcome.message,
          labels: { ...baseLabels(c), kind: 'check_error' },
          annotations: annotations(c),
        },
      ];
  }
}
