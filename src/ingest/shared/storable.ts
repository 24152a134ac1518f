import { fail, ok, type Parsed, toPointer } from './result.js';

/**
 * Bodies the store can keep. JSON admits strings PostgreSQL refuses: NUL (U+0000) in text or
 * jsonb, and lone UTF-16 surrogates (`"\ud800"`), which jsonb rejects and UTF-8 cannot encode.
 * Producers send them (a C string's terminator, a string cut in the middle of an emoji);
 * refusing a whole event for one such character would lose the rest of it, so each becomes
 * U+FFFD, the replacement character, as a UTF-8 decoder would do, before anything reads the body.
 *
 * JSON also admits any depth, and every writer of jsonb (JSON.stringify) and every walk over a
 * facet recurses: a body nested deeper than any real format is refused, with the path at fault.
 */
export const MAX_JSON_DEPTH = 100;

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what the store refuses
const UNSTORABLE = /[\u0000\ud800-\udfff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what the store refuses
const BROKEN = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const REPLACEMENT = '\ufffd';

/** One string the store can keep: NUL and lone surrogates become U+FFFD. */
export function storableString(s: string): string {
  return UNSTORABLE.test(s) ? s.replace(BROKEN, REPLACEMENT) : s;
}

interface Visit {
  value: unknown;
  depth: number;
  key: string | number;
  parent: Visit | undefined;
}

const pathOf = (v: Visit): Array<string | number> => (v.parent ? [...pathOf(v.parent), v.key] : []);

/** The pointer of the first value nested deeper than `max`, found without recursion. */
function tooDeep(value: unknown, max: number): string | undefined {
  const stack: Visit[] = [{ value, depth: 0, key: '', parent: undefined }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const v = visit.value;
    if (v === null || typeof v !== 'object') continue;
    if (visit.depth >= max) return toPointer(pathOf(visit));
    const depth = visit.depth + 1;
    if (Array.isArray(v))
      for (const [i, x] of v.entries()) stack.push({ value: x, depth, key: i, parent: visit });
    else for (const [k, x] of Object.entries(v)) stack.push({ value: x, depth, key: k, parent: visit });
  }
  return undefined;
}

/**
 * The same JSON value with every string and key storable, or a refusal when it nests deeper than
 * MAX_JSON_DEPTH. Values that need no change are returned as they are (no copy).
 */
export function storableJson<T>(value: T): Parsed<T> {
  const deep = tooDeep(value, MAX_JSON_DEPTH);
  if (deep !== undefined)
    return fail([{ path: deep, message: `nests deeper than ${MAX_JSON_DEPTH} levels` }]);
  return ok(clean(value) as T);
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return storableString(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map(clean);
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const cleaned = entries.map(([k, v]) => [storableString(k), clean(v)] as const);
  if (cleaned.every(([k, v], i) => k === entries[i]![0] && v === entries[i]![1])) return value;
  const out: Record<string, unknown> = {};
  // defineProperty, so a key such as __proto__ stays a plain own key.
  for (const [k, v] of cleaned)
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}
