/**
 * Matchers as written in YAML-shaped config: one text (`{a="b", c=~"d"}`), a list of texts, or
 * structured `{name, type, value}` objects. Shared by routes, inhibit rules and silences.
 */
import type { ErrorDetail } from '../errors.js';
import { type CompiledMatcher, compileMatcher, isCompiledMatcher, type Matcher } from './matcher.js';
import { parseMatchers } from './matcher-parse.js';

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Reads matchers at `path`, appending any problem to `errors`. */
export function readMatcherConfig(value: unknown, path: string, errors: ErrorDetail[]): CompiledMatcher[] {
  const out: CompiledMatcher[] = [];
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!items) {
    errors.push({ path, message: 'must be a list of matchers' });
    return out;
  }
  items.forEach((item: unknown, i) => {
    const at = typeof value === 'string' ? path : `${path}[${i}]`;
    if (typeof item === 'string') {
      const r = parseMatchers(item);
      if (r.ok) out.push(...r.matchers);
      else
        errors.push({
          path: at,
          message: `matcher ${r.error.index} at position ${r.error.position}: ${r.error.message}`,
        });
    } else if (isRecord(item)) {
      const c = compileMatcher({
        name: item.name as string,
        type: item.type as Matcher['type'],
        value: item.value as string,
      });
      if (isCompiledMatcher(c)) out.push(c);
      else errors.push({ path: at, message: c.message });
    } else {
      errors.push({ path: at, message: 'must be a string like severity="page" or {name, type, value}' });
    }
  });
  return out;
}
