/**
 * Label regexes come from users (routes, silences, inhibit rules) and run against every alert,
 * so a catastrophic pattern would stall the router. JavaScript's engine backtracks, unlike the
 * RE2 engine Alertmanager uses, so we accept only patterns that cannot backtrack exponentially:
 *
 * - at most MAX_REGEX_LENGTH characters;
 * - no repeated group that itself contains a quantifier or an alternation — `(a+)+`, `(a|ab)*`,
 *   `(\w+\s?)*` are refused; `(foo|bar)`, `db_.*`, `(prod)+` are fine;
 * - no back-references or look-arounds (RE2 has neither, so Alertmanager would refuse them too).
 *
 * The check is syntactic and conservative: it refuses some harmless patterns in exchange for a
 * simple guarantee that every accepted one matches in polynomial time.
 */
export const MAX_REGEX_LENGTH = 512;

export interface RegexProblem {
  /** Offset inside the pattern. */
  offset: number;
  message: string;
}

interface Group {
  open: number;
  risky: boolean;
}

/** Reads a quantifier at i: its length and whether it can repeat more than once. */
function quantifierAt(p: string, i: number): { length: number; repeats: boolean } | undefined {
  const c = p[i];
  let length = 0;
  let repeats = false;
  if (c === '*' || c === '+') {
    length = 1;
    repeats = true;
  } else if (c === '?') {
    length = 1;
  } else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (!m) return undefined;
    length = m[0].length;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    repeats = max > 1;
  } else {
    return undefined;
  }
  if (p[i + length] === '?') length += 1; // lazy form
  return { length, repeats };
}

/** undefined when the pattern is acceptable. */
export function checkRegexSafety(pattern: string): RegexProblem | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return { offset: MAX_REGEX_LENGTH, message: `regex is longer than ${MAX_REGEX_LENGTH} characters` };
  }
  const stack: Group[] = [{ open: -1, risky: false }];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    const top = stack[stack.length - 1] as Group;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<')) {
        return { offset: i, message: 'back-references are not supported' };
      }
      i += 2;
      continue;
    }
    if (c === '[') {
      // Skip the character class; a `]` right after `[` or `[^` is a literal.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === '(') {
      if (/^\(\?(?:[=!]|<[=!])/.test(pattern.slice(i))) {
        return { offset: i, message: 'look-ahead and look-behind are not supported' };
      }
      stack.push({ open: i, risky: false });
      i++;
      continue;
    }
    if (c === '|') {
      top.risky = true;
      i++;
      continue;
    }
    if (c === ')') {
      if (stack.length === 1) return undefined; // unbalanced: RegExp compilation reports it
      const group = stack.pop() as Group;
      const parent = stack[stack.length - 1] as Group;
      const q = quantifierAt(pattern, i + 1);
      if (q?.repeats && group.risky) {
        return {
          offset: group.open,
          message:
            'a repeated group must not contain a quantifier or an alternation (catastrophic backtracking)',
        };
      }
      // Whatever made the group risky makes its parent risky too; so does quantifying the group.
      if (group.risky || q !== undefined) parent.risky = true;
      i += 1 + (q?.length ?? 0);
      continue;
    }
    const q = quantifierAt(pattern, i);
    if (q && i > 0) {
      top.risky = true;
      i += q.length;
      continue;
    }
    i++;
  }
  return undefined;
}
