import type { Severity } from '../../domain/monitor.js';

/** Something that says an alert fires or clears: a failing check, a source down, an external alert. */
export interface AlertSignal {
  fingerprint: string;
  origin: 'monitor' | 'source' | 'external' | 'heartbeat' | 'pipeline' | 'slo';
  status: 'firing' | 'resolved';
  severity: Severity;
  title: string;
  summary: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  monitorId?: string | null | undefined;
  sourceId?: string | null | undefined;
  /** When Vigil saw it (or, for a resolution, when it ended). */
  at: Date;
  /**
   * When the problem began, when the evidence says so (a producer's startsAt, the time a stale
   * table was due); `at` otherwise. Never after `at`.
   */
  startedAt?: Date | null | undefined;
  /** For a resolution: when the problem ended by the producer's word (its endsAt); `at` otherwise. */
  endedAt?: Date | null | undefined;
}
