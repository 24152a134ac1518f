/**
 * Label matchers, as in Alertmanager: `=`, `!=`, `=~`, `!~`. A missing label reads as the empty
 * string, so `team=""` matches alerts without a team. Regexes are anchored at both ends.
 */
import { checkRegexSafety } from './regex-guard.js';

export const MATCH_TYPES = ['=', '!=', '=~', '!~'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

export type Labels = Readonly<Record<string, string>>;

/** The structured form of one matcher. */
export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
}

/** A matcher ready to test labels; build with compileMatcher or parseMatchers. */
export interface CompiledMatcher extends Matcher {
  readonly regex: RegExp | null;
}

export interface MatcherProblem {
  /** Offset in the matcher's value (regex problems) or in the parsed text (syntax problems). */
  position: number;
  message: string;
}

const LABEL_NAME = /^[^\s{}"=!~,]+$/;

/** Checks a structured matcher; undefined when it is usable. */
export function checkMatcher(m: Matcher): MatcherProblem | undefined {
  if (typeof m.name !== 'string' || m.name === '') return { position: 0, message: 'label name is empty' };
  if (!(MATCH_TYPES as readonly string[]).includes(m.type)) {
    return { position: 0, message: `unknown match type ${JSON.stringify(m.type)}; use =, !=, =~ or !~` };
  }
  if (typeof m.value !== 'string') return { position: 0, message: 'value must be a string' };
  if (m.type === '=~' || m.type === '!~') {
    const unsafe = checkRegexSafety(m.value);
    if (unsafe) return { position: unsafe.offset, message: unsafe.message };
    try {
      new RegExp(m.value);
    } catch (e) {
      return { position: 0, message: `invalid regex: ${(e as Error).message}` };
    }
  }
  return undefined;
}

/** Compiles a structured matcher, or returns why it cannot be used. */
export function compileMatcher(m: Matcher): CompiledMatcher | MatcherProblem {
  const problem = checkMatcher(m);
  if (problem) return problem;
  const regex = m.type === '=~' || m.type === '!~' ? new RegExp(`^(?:${m.value})$`) : null;
  return { name: m.name, type: m.type, value: m.value, regex };
}

export function isCompiledMatcher(x: CompiledMatcher | MatcherProblem): x is CompiledMatcher {
  return 'regex' in x;
}

/** Whether one matcher accepts the labels. */
export function matcherMatches(m: CompiledMatcher, labels: Labels): boolean {
  const v = Object.hasOwn(labels, m.name) ? (labels[m.name] as string) : '';
  switch (m.type) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return (m.regex as RegExp).test(v);
    case '!~':
      return !(m.regex as RegExp).test(v);
  }
}

/** Whether every matcher accepts the labels (an empty list accepts everything). */
export function matchesAll(matchers: readonly CompiledMatcher[], labels: Labels): boolean {
  for (const m of matchers) if (!matcherMatches(m, labels)) return false;
  return true;
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** One matcher in the text form parseMatchers reads back (`name=~"value"`). */
export function formatMatcher(m: Matcher): string {
  const name = LABEL_NAME.test(m.name) ? m.name : quote(m.name);
  return `${name}${m.type}${quote(m.value)}`;
}

/** A list in the `{a="b", c=~"d.*"}` form. */
export function formatMatchers(ms: readonly Matcher[]): string {
  return `{${ms.map(formatMatcher).join(', ')}}`;
}
