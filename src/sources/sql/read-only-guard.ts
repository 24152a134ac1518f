import { SourceError } from '../errors.js';
import { type LexDialect, lexSql, type Token } from './sql-lexer.js';

export interface GuardOptions {
  /** How the engine reads SQL text; DuckDB reads it as PostgreSQL does. Default postgres. */
  dialect?: 'postgres' | 'mysql' | 'duckdb';
  /** Same as dialect 'mysql' (kept for callers written before `dialect`). */
  mysql?: boolean;
}

/** Statements a read-only check may start with (besides a parenthesis). */
const FIRST_WORDS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', 'FROM', 'SHOW', 'DESCRIBE', 'DESC']);

/**
 * Words that write, lock or leave the database wherever they appear as code: data-modifying CTEs
 * (`WITH x AS (DELETE …)`), `SELECT … INTO` (a new table in PostgreSQL; a file or a variable in
 * MySQL: INTO OUTFILE, INTO DUMPFILE, INTO @v), `FOR UPDATE`, `LOCK IN SHARE MODE`, `LOAD DATA`,
 * and statements that can only be DDL or administration.
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
  'OUTFILE',
  'DUMPFILE',
  'RENAME',
  'VACUUM',
  'ANALYZE',
  'LOCK',
  'INSTALL',
  'LOAD',
  'PRAGMA',
  'HANDLER',
]);

/** `FOR SHARE`, `FOR KEY SHARE`, `FOR NO KEY UPDATE`: row locks (FOR UPDATE is caught by UPDATE). */
const LOCK_AFTER_FOR = new Set(['SHARE', 'KEY', 'NO']);

/**
 * Functions with effects a read-only transaction does not stop: server files, other sessions,
 * session state that outlives the check on a pooled connection, or SQL run from a string (which
 * would hide it from this guard).
 */
const POSTGRES_FUNCTIONS = new Set([
  'pg_read_file',
  'pg_read_binary_file',
  'pg_stat_file',
  'pg_ls_dir',
  'pg_ls_logdir',
  'pg_ls_waldir',
  'pg_ls_tmpdir',
  'pg_ls_archive_statusdir',
  'pg_file_write',
  'pg_file_rename',
  'pg_file_unlink',
  'lo_import',
  'lo_export',
  'pg_terminate_backend',
  'pg_cancel_backend',
  'pg_reload_conf',
  'pg_rotate_logfile',
  'pg_promote',
  'pg_switch_wal',
  'pg_notify',
  'set_config',
  'pg_advisory_lock',
  'pg_advisory_lock_shared',
  'pg_try_advisory_lock',
  'pg_try_advisory_lock_shared',
  'dblink',
  'dblink_exec',
  'dblink_connect',
  'dblink_connect_u',
  'dblink_send_query',
  'query_to_xml',
  'query_to_xmlschema',
  'query_to_xml_and_xmlschema',
  'ts_stat',
]);
const MYSQL_FUNCTIONS = new Set(['load_file', 'get_lock', 'sys_exec', 'sys_eval']);

const reject = (why: string) => new SourceError('SQL_NOT_READ_ONLY', `custom SQL rejected: ${why}`);

/** ASCII upper case: engines match keywords on ASCII letters only. */
const upper = (word: string) => word.replace(/[a-z]+/g, (m) => m.toUpperCase());

/** The rules, on the tokens of one reading of the text. */
function judge(tokens: Token[], dialect: LexDialect): SourceError | null {
  const end = tokens.findIndex((t) => t.kind === 'symbol' && t.text === ';');
  if (end !== -1 && tokens.slice(end).some((t) => !(t.kind === 'symbol' && t.text === ';')))
    return reject('only one statement is allowed (found a ";" followed by more)');
  const code = end === -1 ? tokens : tokens.slice(0, end);
  const first = code[0];
  if (!first) return reject('there is no statement');
  const firstWord = first.kind === 'word' ? upper(first.text) : undefined;
  if (!(firstWord && FIRST_WORDS.has(firstWord)) && !(first.kind === 'symbol' && first.text === '('))
    return reject(
      `only SELECT or WITH queries are allowed, not ${firstWord ?? 'text starting with a literal'}`,
    );
  const banned = dialect === 'mysql' ? MYSQL_FUNCTIONS : POSTGRES_FUNCTIONS;
  for (const [i, t] of code.entries()) {
    const next = code[i + 1];
    if (t.kind === 'word') {
      const w = upper(t.text);
      if (WRITE_WORDS.has(w)) return reject(`${w} is not allowed in a read-only query`);
      if (w === 'FOR' && next?.kind === 'word' && LOCK_AFTER_FOR.has(upper(next.text)))
        return reject(`FOR ${upper(next.text)} (a locking read) is not allowed in a read-only query`);
    }
    if ((t.kind === 'word' || t.kind === 'name') && next?.kind === 'symbol' && next.text === '(') {
      const fn = t.text.toLowerCase();
      if (banned.has(fn)) return reject(`the function ${fn} is not allowed in custom SQL`);
    }
  }
  return null;
}

/** One reading of the text: lexed as the engine reads it, then judged. */
function readAs(sql: string, dialect: LexDialect, backslashEscapes: boolean): SourceError | null {
  const lexed = lexSql(sql, { dialect, backslashEscapes });
  if (!lexed.ok) {
    if (lexed.problem === 'executable-comment')
      return reject('executable comments (/*! … */, /*M! … */, optimizer hints) are not allowed');
    if (lexed.problem === 'nul') return reject('the text holds a NUL character');
    return reject('a string, quoted name or comment is not closed');
  }
  return judge(lexed.tokens, dialect);
}

/**
 * Rejects, before anything is sent, text that is not one read-only statement. The text is read as
 * the engine reads it (see sql-lexer.ts); MySQL text is read both with and without backslash
 * escapes, since the server's sql_mode decides, and must pass both readings. This is the first of
 * three walls: engines also run custom SQL in a READ ONLY transaction (which does not stop MySQL's
 * INTO OUTFILE), and the source's database user should hold read grants only.
 */
export function checkReadOnly(sql: string, opts: GuardOptions = {}): SourceError | null {
  if (opts.mysql === true || opts.dialect === 'mysql')
    return readAs(sql, 'mysql', true) ?? readAs(sql, 'mysql', false);
  return readAs(sql, 'postgres', false);
}

/**
 * The statement alone, without trailing semicolons and what follows them (comments), for a driver
 * that refuses a second statement even when it is empty. Call after checkReadOnly passed.
 */
export function statementText(sql: string, opts: GuardOptions = {}): string {
  const dialect: LexDialect = opts.mysql === true || opts.dialect === 'mysql' ? 'mysql' : 'postgres';
  const lexed = lexSql(sql, { dialect });
  if (!lexed.ok) return sql.trim();
  const semicolon = lexed.tokens.find((t) => t.kind === 'symbol' && t.text === ';');
  return (semicolon ? sql.slice(0, semicolon.at) : sql).trim();
}
