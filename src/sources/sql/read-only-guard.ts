import { SourceError } from '../errors.js';

export interface GuardOptions {
  /** MySQL: backslash escapes inside strings and `#` line comments. */
  mysql?: boolean;
}

/** Statements a read-only check may start with. */
const FIRST_WORDS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', 'FROM', 'SHOW', 'DESCRIBE', 'DESC']);

/**
 * Words that write or lock wherever they appear outside strings and quoted names: data-modifying
 * CTEs (`WITH x AS (DELETE …)`), `SELECT … INTO` (creates a table, or a file in MySQL),
 * `FOR UPDATE`, and statements that can only be DDL or administration.
 */
const WRITE_WORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'DROP',
  'CREATE',
  'ALTER',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'COPY',
  'CALL',
  'EXEC',
  'EXECUTE',
  'ATTACH',
  'DETACH',
  'INTO',
  'RENAME',
  'VACUUM',
  'ANALYZE',
  'LOCK',
  'INSTALL',
  'LOAD',
  'PRAGMA',
  'HANDLER',
]);

interface Scan {
  words: string[];
  /** A `;` followed by more than whitespace and comments. */
  chained: boolean;
  unterminated: boolean;
  executableComment: boolean;
}

/** Walks the text skipping strings, quoted names and comments; collects the bare words. */
function scan(sql: string, opts: GuardOptions): Scan {
  const words: string[] = [];
  let chained = false;
  let sawSemicolon = false;
  let executableComment = false;
  let i = 0;
  const n = sql.length;
  const skipQuoted = (q: string, backslash: boolean): boolean => {
    i++;
    while (i < n) {
      const c = sql[i];
      if (backslash && c === '\\') {
        i += 2;
        continue;
      }
      if (c === q) {
        if (sql[i + 1] === q) {
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
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '#' && opts.mysql) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && next === '*') {
      if (sql[i + 2] === '!' || (sql[i + 2] === 'M' && sql[i + 3] === '!') || sql[i + 2] === '+')
        executableComment = true;
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      if (depth > 0) return { words, chained, unterminated: true, executableComment };
    } else if (c === "'" || c === '"' || c === '`') {
      if (sawSemicolon) chained = true;
      // MySQL strings take backslash escapes; PostgreSQL only inside E'…' strings.
      const backslash =
        opts.mysql === true ? c !== '`' : c === "'" && /(^|[^\w$])[eE]$/.test(sql.slice(0, i));
      if (!skipQuoted(c, backslash)) return { words, chained, unterminated: true, executableComment };
    } else if (c === '$' && /^\$[A-Za-z_]?\w*\$/.test(sql.slice(i))) {
      if (sawSemicolon) chained = true;
      const tag = /^\$[A-Za-z_]?\w*\$/.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      if (end === -1) return { words, chained, unterminated: true, executableComment };
      i = end + tag.length;
    } else if (c === ';') {
      sawSemicolon = true;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      if (sawSemicolon) chained = true;
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 200));
      if (m) {
        words.push(m[0].toUpperCase());
        i += m[0].length;
      } else i++;
    }
  }
  return { words, chained, unterminated: false, executableComment };
}

/**
 * Rejects, before anything is sent, text that is not one read-only statement. This is the first
 * of two walls: engines that have one also run the text in a READ ONLY transaction, and the
 * source's database user should only hold read grants.
 */
export function checkReadOnly(sql: string, opts: GuardOptions = {}): SourceError | null {
  const s = scan(sql, opts);
  const reject = (why: string) => new SourceError('SQL_NOT_READ_ONLY', `custom SQL rejected: ${why}`);
  if (s.unterminated) return reject('a string, quoted name or comment is not closed');
  if (s.executableComment) return reject('executable comments (/*! … */, optimizer hints) are not allowed');
  if (s.chained) return reject('only one statement is allowed (found a ";" followed by more)');
  const first = s.words[0];
  if (!first) return reject('there is no statement');
  if (!FIRST_WORDS.has(first) && !sql.trimStart().startsWith('(')) {
    return reject(`only SELECT or WITH queries are allowed, not ${first}`);
  }
  const writer = s.words.find((w) => WRITE_WORDS.has(w));
  if (writer) return reject(`${writer} is not allowed in a read-only query`);
  return null;
}
