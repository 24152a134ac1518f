/**
 * Durations in Alertmanager's notation: units in descending order, each at most once —
 * `30s`, `5m`, `4h`, `1h30m`, `1d`, `2w`, `500ms`, or a bare `0`.
 */
const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 86_400_000],
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds, or undefined when the text is not a duration. */
export function parseRouteDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (trimmed === '') return undefined;
  const m = DURATION_RE.exec(trimmed);
  if (!m) return undefined;
  let total = 0;
  for (let i = 0; i < UNITS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) total += Number(part) * (UNITS[i] as readonly [string, number])[1];
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

/** The shortest notation for a number of milliseconds (`90m` → `1h30m`). */
export function formatRouteDuration(ms: number): string {
  if (ms === 0) return '0';
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
