/**
 * Durations as OpenSLO writes them: a whole number and one unit. `m` is minutes and `M` months,
 * so the case of the unit matters. Months, quarters and years have no fixed length: they are
 * only allowed where a calendar is meant, and `approxMs` gives 30, 90 and 365 days for maths
 * that needs a length (burn-rate factors of a calendar month).
 */
export const DURATION_UNITS = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  M: 30 * 86_400_000,
  Q: 90 * 86_400_000,
  Y: 365 * 86_400_000,
} as const;

export type DurationUnit = keyof typeof DURATION_UNITS;

export interface SloDuration {
  count: number;
  unit: DurationUnit;
}

const RE = /^([1-9]\d{0,5})([smhdwMQY])$/;

export function parseSloDuration(text: string): SloDuration | undefined {
  const m = RE.exec(text.trim());
  if (!m) return undefined;
  return { count: Number(m[1]), unit: m[2] as DurationUnit };
}

/** True when the unit has a fixed length (not months, quarters or years). */
export const isFixed = (d: SloDuration) => d.unit !== 'M' && d.unit !== 'Q' && d.unit !== 'Y';

export const approxMs = (d: SloDuration) => d.count * DURATION_UNITS[d.unit];

/** Milliseconds of a fixed duration text, or undefined (calendar units, bad text). */
export function fixedMs(text: string): number | undefined {
  const d = parseSloDuration(text);
  return d && isFixed(d) ? approxMs(d) : undefined;
}

/** The shortest single-unit text for a length in ms (`3600000` → `1h`), as Prometheus writes windows. */
export function formatWindow(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = DURATION_UNITS[unit];
    if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
