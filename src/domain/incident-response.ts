/**
 * Rules of incident response as values: report voices and their cadence per severity, when a
 * reminder is due, how alerts are promoted and correlated, what a first announcement says. Pure.
 */
import type { IncidentSeverity } from './incident.js';

/** Reports in two voices, as Dispatch has them. */
export const REPORT_VOICES = ['tactical', 'executive'] as const;
export type ReportVoice = (typeof REPORT_VOICES)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * How often each report is expected while an incident is open; null: no reminder. Responders need
 * tactical reports more often than leadership needs a summary; SEV4 has no cadence.
 */
export type ReportCadence = Readonly<Record<IncidentSeverity, Record<ReportVoice, number | null>>>;

export const REPORT_CADENCE_MS: ReportCadence = {
  SEV1: { tactical: 30 * MINUTE, executive: HOUR },
  SEV2: { tactical: HOUR, executive: 2 * HOUR },
  SEV3: { tactical: 4 * HOUR, executive: 24 * HOUR },
  SEV4: { tactical: null, executive: null },
};

/** An alert firing this long without an incident becomes one (the "declare early" rule). */
export const PROMOTE_AFTER_MS = HOUR;

/** Alerts on lineage-linked assets that start within this window join one incident. */
export const CORRELATION_WINDOW_MS = 10 * MINUTE;

/** How far lineage is followed when correlating alerts, in hops either way. */
export const CORRELATION_MAX_HOPS = 6;

export type ReminderKind = 'update' | ReportVoice;

/**
 * When the next report of a voice is due: a cadence after the last one, or after declaration when
 * there was none yet. Null when the severity sets no cadence.
 */
export function reportDueAt(
  severity: IncidentSeverity,
  voice: ReportVoice,
  declaredAt: Date,
  lastReportAt: Date | null,
  cadences: ReportCadence = REPORT_CADENCE_MS,
): Date | null {
  const cadence = cadences[severity]?.[voice] ?? null;
  if (cadence === null) return null;
  return new Date((lastReportAt ?? declaredAt).getTime() + cadence);
}

export const isOverdue = (due: Date | null, now: Date): due is Date => due !== null && due <= now;

export interface Announcement {
  what: string;
  since: Date;
  impact: string;
  severity: IncidentSeverity;
  /** Where to follow: the incident page, the status page or a channel. */
  follow: string;
}

/** The first announcement: a fire alarm, five facts, nothing to read twice. */
export function announcementText(a: Announcement): string {
  return [
    `${a.severity}: ${a.what}`,
    `Since: ${a.since.toISOString()}`,
    `Impact: ${a.impact}`,
    `Follow: ${a.follow}`,
  ].join('\n');
}

export interface TacticalReport {
  conditions: string;
  actions: string;
  needs: string;
}

export function tacticalText(r: TacticalReport): string {
  return `Conditions: ${r.conditions}\nActions: ${r.actions}\nNeeds: ${r.needs}`;
}

export const BACKFILL_STATUSES = ['unknown', 'not_needed', 'pending', 'running', 'done'] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

/** Incident types whose resolution needs the data checked green again. */
export const DATA_INCIDENT_TYPES: ReadonlySet<string> = new Set([
  'freshness',
  'volume',
  'schema',
  'quality',
  'pipeline_failure',
]);
