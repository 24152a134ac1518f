/**
 * String formats the inbound specs use (OpenLineage: uuid, date-time, uri), checked the way
 * JSON Schema's format vocabulary defines them. Kept here so every parser agrees on what a date is.
 */

const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):?(\d{2}))$/;
const URI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;

export const isUuid = (s: string): boolean => UUID.test(s);
export const isUri = (s: string): boolean => URI.test(s);

/**
 * The instants the store can keep: PostgreSQL has no year 0, and JavaScript writes years past
 * 9999 in a form it does not read back. Alertmanager's zero time, 0001-01-01T00:00:00Z, is inside.
 */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z') + 1_000; // a leap second in the last minute

/**
 * RFC 3339 date-time with a mandatory offset, a real calendar day and clock time, and an instant
 * from year 1 to 9999.
 */
export function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec, , oh, om] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  if (mo! < 1 || mo! > 12 || d! < 1) return false;
  const leap = y! % 4 === 0 && (y! % 100 !== 0 || y! % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo! - 1]!;
  if (d! > days) return false;
  if (h! > 23 || mi! > 59 || oh! > 23 || om! > 59) return false;
  // 60 admits a leap second.
  if (sec! > 60) return false;
  const utc = new Date(0);
  utc.setUTCFullYear(y!, mo! - 1, d!);
  utc.setUTCHours(h!, mi!, sec!);
  const instant = utc.getTime() - (m[7] === '-' ? -1 : 1) * (oh! * 60 + om!) * 60_000;
  return instant >= EARLIEST && instant <= LATEST;
}

export const FORMATS = { uuid: isUuid, 'date-time': isDateTime, uri: isUri } as const;
