/**
 * Monitors: what Vigil watches and how often. The kind decides what is collected and how it is
 * judged; kinds are strategies in a registry (services/monitor-kinds), never a switch here.
 */
export const MONITOR_KINDS = [
  'freshness',
  'volume',
  'schema',
  'column_health',
  'custom_sql',
  'threshold',
] as const;
export type MonitorKind = (typeof MONITOR_KINDS)[number];

/** page wakes someone now; ticket waits for working hours; log only records. */
export const SEVERITIES = ['page', 'ticket', 'log'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Schedule = { every: string } | { cron: string; timeZone?: string | undefined };

export interface Monitor {
  id: string;
  name: string;
  kind: MonitorKind;
  sourceId: string;
  /** The monitored table as `schema.table` (or the name the source uses). */
  asset: string;
  config: Record<string, unknown>;
  schedule: Schedule;
  severity: Severity;
  owner: string | null;
  labels: Record<string, string>;
  runbook: string | null;
  description: string;
  enabled: boolean;
  pausedReason: string | null;
  /** Where it was declared: by API/UI, or in vigil.yaml / monitors/ (then `vigil apply` owns it). */
  origin: 'api' | 'code';
  /** The latest run's status and time; null before the first run. */
  lastStatus: CheckStatus | null;
  lastRunAt: string | null;
  nextRunAt: string;
  createdAt: string;
  updatedAt: string;
}

export type CheckStatus = 'pass' | 'fail' | 'error' | 'learning';

/** One run of a monitor: an expected outcome is a value, never an exception. */
export interface CheckOutcome {
  status: CheckStatus;
  observed: number | null;
  /** The expected band; an open side (a minimum only) is null. */
  expected: { lower: number | null; upper: number | null } | null;
  score: number | null;
  message: string;
  /** Per-metric detail (column health, segments): which metric failed and why. */
  details?: Record<string, unknown> | undefined;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `5m`, `1h`, `1d` → milliseconds; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * (UNIT_MS[m[2] as string] as number);
}
