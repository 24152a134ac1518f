/**
 * Response and downtime figures over a set of incidents: MTTD, MTTA and MTTR by a dimension,
 * data downtime per asset, incidents by type. Pure maths on values the service has read.
 */
import { INCIDENT_TYPES, type IncidentTimes, incidentDurations } from './incident.js';

export interface ReportIncident {
  id: string;
  severity: string;
  type: string;
  assets: string[];
  /** Owners of the affected assets (the teams), without repeats. */
  teams: string[];
  times: IncidentTimes;
}

export const REPORT_DIMENSIONS = ['severity', 'team', 'asset'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** The group an incident falls in when it names no team or no asset. */
export const NO_TEAM = '(no owner)';
export const NO_ASSET = '(no asset)';

export interface ResponseTimeRow {
  group: string;
  incidents: number;
  /** Means in seconds over the incidents where both ends are known; null when none are. */
  mttdSeconds: number | null;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
  acknowledged: number;
  resolved: number;
}

function groupsOf(i: ReportIncident, by: ReportDimension): string[] {
  if (by === 'severity') return [i.severity];
  const names = by === 'team' ? i.teams : i.assets;
  const unique = [...new Set(names)];
  return unique.length ? unique : [by === 'team' ? NO_TEAM : NO_ASSET];
}

const mean = (xs: number[]): number | null =>
  xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null;

/**
 * An incident on two assets (or two teams) counts once in each group, as it hurt both; within a
 * group each incident counts once. Detect is start to detection; acknowledge and resolve are
 * from detection (see incidentDurations).
 */
export function responseTimes(incidents: readonly ReportIncident[], by: ReportDimension): ResponseTimeRow[] {
  const groups = new Map<string, { ttd: number[]; tta: number[]; ttr: number[]; n: number }>();
  for (const i of incidents) {
    const d = incidentDurations(i.times);
    for (const g of groupsOf(i, by)) {
      const acc = groups.get(g) ?? { ttd: [], tta: [], ttr: [], n: 0 };
      acc.n++;
      if (d.timeToDetect !== null) acc.ttd.push(d.timeToDetect);
      if (d.timeToAcknowledge !== null) acc.tta.push(d.timeToAcknowledge);
      if (d.timeToResolve !== null) acc.ttr.push(d.timeToResolve);
      groups.set(g, acc);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, acc]) => ({
      group,
      incidents: acc.n,
      mttdSeconds: mean(acc.ttd),
      mttaSeconds: mean(acc.tta),
      mttrSeconds: mean(acc.ttr),
      acknowledged: acc.tta.length,
      resolved: acc.ttr.length,
    }));
}

export interface DowntimeRow {
  asset: string;
  incidents: number;
  /** Incidents still unresolved at `asOf`; their resolution time runs until then. */
  openIncidents: number;
  detectionSeconds: number;
  resolutionSeconds: number;
  /** detection + resolution: how long the asset's data was bad before it was fixed. */
  downtimeSeconds: number;
}

const secondsBetween = (a: Date, b: Date) => Math.max(0, Math.round((b.getTime() - a.getTime()) / 1000));

/** Data downtime per asset: the sum of time to detect and time to resolve over its incidents. */
export function dataDowntime(incidents: readonly ReportIncident[], asOf: Date): DowntimeRow[] {
  const rows = new Map<string, DowntimeRow>();
  for (const i of incidents) {
    const { startedAt, detectedAt, resolvedAt } = i.times;
    if (!startedAt || !detectedAt) continue;
    const detection = secondsBetween(startedAt, detectedAt);
    const resolution = secondsBetween(detectedAt, resolvedAt ?? asOf);
    for (const asset of new Set(i.assets)) {
      const r = rows.get(asset) ?? {
        asset,
        incidents: 0,
        openIncidents: 0,
        detectionSeconds: 0,
        resolutionSeconds: 0,
        downtimeSeconds: 0,
      };
      r.incidents++;
      if (!resolvedAt) r.openIncidents++;
      r.detectionSeconds += detection;
      r.resolutionSeconds += resolution;
      r.downtimeSeconds += detection + resolution;
      rows.set(asset, r);
    }
  }
  return [...rows.values()].sort(
    (a, b) => b.downtimeSeconds - a.downtimeSeconds || (a.asset < b.asset ? -1 : 1),
  );
}

/** Incidents per type; every known type is listed (zero included), so charts keep their axes. */
export function incidentsByType(
  incidents: readonly ReportIncident[],
): Array<{ type: string; incidents: number }> {
  const counts = new Map<string, number>(INCIDENT_TYPES.map((t) => [t, 0]));
  for (const i of incidents) counts.set(i.type, (counts.get(i.type) ?? 0) + 1);
  return [...counts.entries()].map(([type, n]) => ({ type, incidents: n }));
}

/**
 * RFC 4180 CSV with a header row. Text that a spreadsheet would run as a formula (=, +, -, @ at
 * the start) is prefixed with a quote mark, since asset and team names come from users.
 */
export function toCsv<T extends object>(
  columns: ReadonlyArray<keyof T & string>,
  rows: readonly T[],
): string {
  const field = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return String(v);
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => field(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
