/** An incident's severity (SEV1 most severe) and status as text plus colour, never colour alone. */
export function IncidentSeverity({ severity }: { severity: string }) {
  const known = /^SEV[1-4]$/.test(severity);
  return <span className={`badge ${known ? severity.toLowerCase() : 'sev-other'}`}>{severity}</span>;
}

const OPEN = new Set(['triage', 'investigating', 'identified', 'monitoring']);

export function IncidentStatus({ status }: { status: string }) {
  return <span className={`badge ${OPEN.has(status) ? 'inc-open' : 'inc-closed'}`}>{status}</span>;
}

/** Seconds as "3 h 12 min", for time-to-detect / acknowledge / resolve. */
export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
