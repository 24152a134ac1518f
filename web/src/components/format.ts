const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumSignificantDigits: 4 });
const plain = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 6 });

/** A number for people: 1,234.5 or 12.3M; null shows as a dash. */
export function fmtNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return Math.abs(n) >= 1e6 ? compact.format(n) : plain.format(n);
}

/** An expected band as text: [lo, hi], with open ends shown as ∞. */
export function fmtBand(b: { lower: number | null; upper: number | null } | null | undefined): string {
  if (!b || (b.lower === null && b.upper === null)) return '—';
  return `${b.lower === null ? '−∞' : fmtNumber(b.lower)} … ${b.upper === null ? '∞' : fmtNumber(b.upper)}`;
}

export function fmtSchedule(s: { every: string } | { cron: string; timeZone?: string }): string {
  return 'every' in s ? `every ${s.every}` : `cron ${s.cron}${s.timeZone ? ` (${s.timeZone})` : ''}`;
}
