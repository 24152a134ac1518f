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
  at: Date;
}
