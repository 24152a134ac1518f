/** Folding of driver values (bigint, numeric strings, Date, engine-specific objects) to plain JSON. */

export function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const n = Number(v);
    return v.trim() !== '' && Number.isFinite(n) ? n : null;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** Timestamps as ISO-8601 UTC. Strings without a zone are read as UTC (sessions run in UTC). */
export function toIso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === 'string') {
    const t = v.trim().replace(' ', 'T');
    const text = /^\d{4}-\d\d-\d\d$/.test(t)
      ? `${t}T00:00:00Z`
      : /([zZ]|[+-]\d\d(:?\d\d)?)$/.test(t)
        ? t
        : `${t}Z`;
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? v : d.toISOString();
  }
  return String(v);
}

export function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}

/** A value for a custom-query answer: JSON-safe, numbers kept as numbers. */
export function toCell(v: unknown): number | string | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return toText(v);
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC: the one timestamp literal every engine casts without zone games. */
export function sqlTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
