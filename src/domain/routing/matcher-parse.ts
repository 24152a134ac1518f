/**
 * Reads matchers in Alertmanager's text syntax: one matcher (`severity="page"`), or a list
 * (`{team="data", asset=~"sales\\..*"}`, braces optional, trailing comma allowed). Values may be
 * double-quoted (with \" \\ \n \t escapes; any other backslash is kept as written, so regexes
 * like "\d+" read naturally) or bare words for compatibility with older configs.
 */
import { type CompiledMatcher, compileMatcher, isCompiledMatcher, type MatchType } from './matcher.js';

export interface MatcherParseError {
  /** Which matcher in the list (0-based). */
  index: number;
  /** Offset in the input text where the problem is. */
  position: number;
  message: string;
}

export type MatcherParseResult =
  | { ok: true; matchers: CompiledMatcher[] }
  | { ok: false; error: MatcherParseError };

/** Input longer than this is refused before parsing; no real matcher list comes near it. */
export const MAX_MATCHER_TEXT = 16_384;

class Fail {
  constructor(
    readonly position: number,
    readonly message: string,
  ) {}
}

const BARE_STOP = /[\s{}",=!~]/;
const BARE_VALUE_STOP = /[\s{}",]/;

class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }
  peek(): string | undefined {
    return this.text[this.pos];
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
  quoted(what: string): string {
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    while (true) {
      const c = this.text[this.pos];
      if (c === undefined) throw new Fail(start, `${what} has an unterminated quoted string`);
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        const n = this.text[this.pos + 1];
        if (n === undefined) throw new Fail(start, `${what} has an unterminated quoted string`);
        out += n === '"' ? '"' : n === '\\' ? '\\' : n === 'n' ? '\n' : n === 't' ? '\t' : `\\${n}`;
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
  }
  bare(stop: RegExp): string {
    const start = this.pos;
    while (this.pos < this.text.length && !stop.test(this.text[this.pos] as string)) this.pos++;
    return this.text.slice(start, this.pos);
  }
}

function readOperator(r: Reader): MatchType {
  const two = r.text.slice(r.pos, r.pos + 2);
  if (two === '=~' || two === '!~' || two === '!=') {
    r.pos += 2;
    return two;
  }
  if (r.peek() === '=') {
    r.pos++;
    return '=';
  }
  throw new Fail(r.pos, 'expected one of =, !=, =~, !~ after the label name');
}

function readMatcher(r: Reader): CompiledMatcher {
  const name = r.peek() === '"' ? r.quoted('label name') : r.bare(BARE_STOP);
  if (name === '') {
    const c = r.peek();
    throw new Fail(r.pos, c === undefined ? 'expected a label name' : `expected a label name, found '${c}'`);
  }
  r.skipSpace();
  const type = readOperator(r);
  r.skipSpace();
  const valueStart = r.pos;
  let value: string;
  if (r.peek() === '"') {
    value = r.quoted('value');
  } else {
    value = r.bare(BARE_VALUE_STOP);
    if (value === '') throw new Fail(r.pos, `${name}${type} has no value; use "" for empty`);
  }
  const compiled = compileMatcher({ name, type, value });
  if (!isCompiledMatcher(compiled)) {
    // Regex offsets are inside the value: point into the text (after the opening quote).
    const quoteShift = r.text[valueStart] === '"' ? 1 : 0;
    throw new Fail(valueStart + quoteShift + compiled.position, `${name}${type}: ${compiled.message}`);
  }
  return compiled;
}

/** Parses a matcher or a matcher list; the first problem is reported with its position. */
export function parseMatchers(text: string): MatcherParseResult {
  if (typeof text !== 'string') {
    return { ok: false, error: { index: 0, position: 0, message: 'matchers must be a string' } };
  }
  if (text.length > MAX_MATCHER_TEXT) {
    return {
      ok: false,
      error: { index: 0, position: MAX_MATCHER_TEXT, message: `longer than ${MAX_MATCHER_TEXT} characters` },
    };
  }
  const r = new Reader(text);
  const matchers: CompiledMatcher[] = [];
  try {
    r.skipSpace();
    const braced = r.peek() === '{';
    if (braced) r.pos++;
    r.skipSpace();
    while (!r.done() && !(braced && r.peek() === '}')) {
      matchers.push(readMatcher(r));
      r.skipSpace();
      if (r.peek() === ',') {
        r.pos++;
        r.skipSpace();
        continue;
      }
      break;
    }
    if (braced) {
      if (r.peek() !== '}') {
        throw new Fail(r.pos, r.done() ? "missing closing '}'" : `expected ',' or '}', found '${r.peek()}'`);
      }
      r.pos++;
      r.skipSpace();
    }
    if (!r.done())
      throw new Fail(r.pos, `unexpected '${r.peek()}' after matcher; separate matchers with ','`);
    if (!braced && matchers.length === 0) throw new Fail(0, 'no matcher given');
    return { ok: true, matchers };
  } catch (e) {
    if (e instanceof Fail) {
      return { ok: false, error: { index: matchers.length, position: e.position, message: e.message } };
    }
    throw e;
  }
}

/** A one-line description for people: `matcher 2 at position 14: …`. */
export function describeMatcherError(e: MatcherParseError): string {
  return `matcher ${e.index} at position ${e.position}: ${e.message}`;
}
