/** Sentences a person can read, e.g. "row count 1,204 is 63 % below the expected 3,100-3,600 for Monday 09:00". */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "3,100", "12.5", "0.0042": thousands separated, fewer decimals for bigger numbers. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  const digits = a >= 100 ? 0 : a >= 1 ? 2 : 4;
  // toLocaleString is exact but slow enough to dominate a replay of 100k points.
  const [int = '0', frac] = Number(a.toFixed(digits)).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${x < 0 && a.toFixed(digits) !== (0).toFixed(digits) ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** Weekday and hour:minute of `time` in `timeZone` (falls back to UTC on an unknown zone). */
// Building a formatter costs far more than using one, so one is kept per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function wallClock(time: number, timeZone: string): { weekday: string; hm: string } {
  try {
    const parts = formatterFor(timeZone).formatToParts(new Date(time));
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    return { weekday: get('weekday'), hm: `${get('hour')}:${get('minute')}` };
  } catch {
    const d = new Date(time);
    const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    return { weekday: DAYS[d.getUTCDay()] ?? '', hm };
  }
}

/** "for Monday 09:00" (weekly season), "for 09:00" (daily) or "" (no season). */
export function seasonLabel(season: 'week' | 'day' | 'none', time: number, timeZone: string): string {
  if (season === 'none') return '';
  const { weekday, hm } = wallClock(time, timeZone);
  return season === 'week' ? ` for ${weekday} ${hm}` : ` for ${hm}`;
}

export function describeDeviation(
  label: string,
  value: number,
  lower: number,
  upper: number,
  when: string,
): string {
  const range = `${formatNumber(lower)}-${formatNumber(upper)}`;
  if (value >= lower && value <= upper) {
    return `${label} ${formatNumber(value)} is within the expected ${range}${when}`;
  }
  const edge = value > upper ? upper : lower;
  const pct = edge === 0 ? null : Math.round((Math.abs(value - edge) / Math.abs(edge)) * 100);
  const side = value > upper ? 'above' : 'below';
  const amount = pct === null ? side : `${pct} % ${side}`;
  return `${label} ${formatNumber(value)} is ${amount} the expected ${range}${when}`;
}
