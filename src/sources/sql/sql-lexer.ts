/**
 * Splits SQL text into tokens the way one engine's own lexer does, so that what a guard reads as
 * a comment or a string is exactly what the server will skip. The engines disagree where it
 * matters for safety:
 *
 * - PostgreSQL (and DuckDB, whose parser comes from it): `--` comments end at a newline or a
 *   carriage return; block comments nest; `'…'` strings take no backslash escapes (the driver
 *   pins standard_conforming_strings on) but `E'…'` strings do; `$tag$…$tag$` quotes; `"…"` names.
 * - MySQL/MariaDB: `#` comments; `--` starts a comment only when a space or control character
 *   follows (`--1` is minus minus one); block comments do not nest; `/*! … *\/` and `/*M! … *\/`
 *   are executable: the server runs what they hold; `'…'` and `"…"` strings take backslash
 *   escapes (unless NO_BACKSLASH_ESCAPES); `` `…` `` names; `$` is a letter, there is no dollar quote.
 */

export type LexDialect = 'postgres' | 'mysql';

export interface LexOptions {
  dialect: LexDialect;
  /** MySQL: whether `\` escapes inside '…' and "…" (the server's NO_BACKSLASH_ESCAPES turns it off). */
  backslashEscapes?: boolean;
}

export type TokenKind = 'word' | 'name' | 'string' | 'number' | 'param' | 'symbol';

export interface Token {
  kind: TokenKind;
  /** word: the text as written; name: the name without its quotes; symbol: the character. */
  text: string;
  /** Offset of the token in the text. */
  at: number;
}

export type LexProblem = 'unterminated' | 'executable-comment' | 'nul';

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; problem: LexProblem; at: number };

const isSpace = (c: string) =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
/** Letters of an unquoted name: ASCII letters, `_`, and every non-ASCII character (both engines). */
const isLetter = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\x7f');
/** MySQL reads `--` as a comment only before whitespace, a control character, or the end. */
const mysqlDashCommentAfter = (c: string | undefined) => c === undefined || c <= ' ' || c === '\x7f';

const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/** The `$tag$` opening a PostgreSQL dollar quote at `at`, if one does. */
function dollarTagAt(sql: string, at: number): string | undefined {
  DOLLAR_TAG.lastIndex = at;
  return DOLLAR_TAG.test(sql) ? sql.slice(at, DOLLAR_TAG.lastIndex) : undefined;
}
/** A number's digits; letters glued to it lex as a word after it (PostgreSQL before 15 reads `1into` so). */
const NUMBER = /(?:\d+(?:_\d+)*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

export function lexSql(sql: string, opts: LexOptions): LexResult {
  const mysql = opts.dialect === 'mysql';
  const backslash = mysql && opts.backslashEscapes !== false;
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;

  /** Skips a quoted run from its opening quote; doubled quotes stay inside. Answers false when unclosed. */
  const skipQuoted = (quote: string, escapes: boolean): boolean => {
    i++;
    while (i < n) {
      const c = sql[i];
      if (escapes && c === '\\') {
        i += 2;
        continue;
      }
      if (c === quote) {
        if (sql[i + 1] === quote) {
          i += 2;
          continue;
        }
        i++;
        return true;
      }
      i++;
    }
    return false;
  };

  /** Skips a block comment from its `/*`; PostgreSQL nests them, MySQL ends at the first `*\/`. */
  const skipBlockComment = (): boolean => {
    let depth = 1;
    i += 2;
    while (i < n) {
      if (!mysql && sql[i] === '/' && sql[i + 1] === '*') {
        depth++;
        i += 2;
      } else if (sql[i] === '*' && sql[i + 1] === '/') {
        i += 2;
        if (--depth === 0) return true;
      } else i++;
    }
    return false;
  };

  const skipLine = (endsAtReturn: boolean) => {
    while (i < n && sql[i] !== '\n' && !(endsAtReturn && sql[i] === '\r')) i++;
  };

  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    const start = i;
    if (c === '\0') return { ok: false, problem: 'nul', at: i };
    if (isSpace(c)) {
      i++;
    } else if (c === '-' && next === '-' && (!mysql || mysqlDashCommentAfter(sql[i + 2]))) {
      skipLine(!mysql);
    } else if (c === '#' && mysql) {
      skipLine(false);
    } else if (c === '/' && next === '*') {
      // MySQL runs the text of /*! … */ and MariaDB of /*M! … */; /*+ … */ are optimizer hints.
      // Refused on every engine: nothing a check needs is worth reading them right.
      const third = sql[i + 2];
      if (third === '!' || third === '+' || ((third === 'M' || third === 'm') && sql[i + 3] === '!'))
        return { ok: false, problem: 'executable-comment', at: i };
      if (!skipBlockComment()) return { ok: false, problem: 'unterminated', at: start };
    } else if (c === "'" || (c === '"' && mysql)) {
      if (!skipQuoted(c, backslash)) return { ok: false, problem: 'unterminated', at: start };
      tokens.push({ kind: 'string', text: sql.slice(start, i), at: start });
    } else if (c === '"' || (c === '`' && mysql)) {
      if (!skipQuoted(c, false)) return { ok: false, problem: 'unterminated', at: start };
      const inner = sql
        .slice(start + 1, i - 1)
        .split(c + c)
        .join(c);
      tokens.push({ kind: 'name', text: inner, at: start });
    } else if (c === '$' && !mysql && isDigit(next)) {
      i++;
      while (isDigit(sql[i])) i++;
      tokens.push({ kind: 'param', text: sql.slice(start, i), at: start });
    } else if (c === '$' && !mysql && dollarTagAt(sql, i)) {
      const tag = dollarTagAt(sql, i) as string;
      const end = sql.indexOf(tag, i + tag.length);
      if (end === -1) return { ok: false, problem: 'unterminated', at: start };
      i = end + tag.length;
      tokens.push({ kind: 'string', text: sql.slice(start, i), at: start });
    } else if (isDigit(c) || (c === '.' && isDigit(next))) {
      NUMBER.lastIndex = i;
      NUMBER.test(sql);
      i = NUMBER.lastIndex;
      tokens.push({ kind: 'number', text: sql.slice(start, i), at: start });
    } else if (isLetter(c) || (mysql && c === '$')) {
      i++;
      while (i < n && (isLetter(sql[i]) || isDigit(sql[i]) || sql[i] === '$')) i++;
      const word = sql.slice(start, i);
      // PostgreSQL's E'…' string takes backslash escapes; the E must stand alone, right before the quote.
      if (!mysql && (word === 'E' || word === 'e') && sql[i] === "'") {
        if (!skipQuoted("'", true)) return { ok: false, problem: 'unterminated', at: start };
        tokens.push({ kind: 'string', text: sql.slice(start, i), at: start });
      } else tokens.push({ kind: 'word', text: word, at: start });
    } else {
      i++;
      tokens.push({ kind: 'symbol', text: c, at: start });
    }
  }
  return { ok: true, tokens };
}
