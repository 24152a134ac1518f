import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReadOnly, type GuardOptions, statementText } from './read-only-guard.js';
import { lexSql } from './sql-lexer.js';

type Engine = 'postgres' | 'mysql' | 'duckdb';
const code = (sql: string, dialect: Engine = 'postgres') => checkReadOnly(sql, { dialect })?.code ?? 'ok';
const why = (sql: string, dialect: Engine = 'postgres') => checkReadOnly(sql, { dialect })?.message ?? 'ok';

describe('read-only guard', () => {
  it('lets single read queries through on every engine', () => {
    for (const dialect of ['postgres', 'mysql', 'duckdb'] as const) {
      for (const sql of [
        'SELECT 1',
        "select count(*) from orders where note = 'drop table; insert'",
        'WITH t AS (SELECT 1 AS a) SELECT a FROM t;',
        'SELECT 1 AS updated_at, 2 AS created_into -- UPDATE in a comment\n',
        'SELECT /* a ; b */ updated_at, created_into FROM t',
        '(SELECT 1) UNION ALL (SELECT 2)',
        "SELECT replace(name, 'a', 'b') FROM t",
        'SELECT 1;',
        'SELECT 1; -- trailing words',
        'SELECT share, market_share FROM t ORDER BY 1',
        'SELECT 3 - -1',
      ]) {
        expect(code(sql, dialect), `${dialect}: ${sql}`).toBe('ok');
      }
    }
    expect(code('SELECT "delete" FROM t')).toBe('ok');
    expect(code('SELECT `delete` FROM t', 'mysql')).toBe('ok');
    expect(code('SELECT $$; DROP TABLE x$$ AS s')).toBe('ok');
    expect(code("SELECT $body$ it's; DELETE $body$")).toBe('ok');
    expect(code('SELECT 1 # ; DROP TABLE t\n', 'mysql')).toBe('ok');
    expect(code('SELECT /* outer /* inner */ DROP TABLE t */ 1')).toBe('ok');
  });

  it('rejects writes, DDL, locks and chained statements, naming the keyword, never echoing the text', () => {
    const cases: Array<[string, RegExp, Engine?]> = [
      ['DROP TABLE orders', /not DROP/],
      ['INSERT INTO t VALUES (1)', /not INSERT/],
      ['SELECT 1; DROP TABLE t', /only one statement/],
      ['SELECT 1;;SELECT 2', /only one statement/],
      ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', /DELETE is not allowed/],
      ['SELECT * INTO new_t FROM t', /INTO is not allowed/],
      ['SELECT * FROM t FOR UPDATE', /UPDATE is not allowed/],
      ['SELECT * FROM t FOR SHARE', /FOR SHARE/],
      ['SELECT * FROM t FOR NO KEY UPDATE', /FOR NO/],
      ['SELECT * FROM t FOR KEY SHARE', /FOR KEY/],
      ['SELECT * FROM t LOCK IN SHARE MODE', /LOCK is not allowed/, 'mysql'],
      ["SELECT 1 INTO OUTFILE '/tmp/x'", /INTO is not allowed/, 'mysql'],
      ["SELECT 1 INTO DUMPFILE '/tmp/x'", /INTO is not allowed/, 'mysql'],
      ['SELECT 1 INTO @x', /INTO is not allowed/, 'mysql'],
      ["LOAD DATA INFILE '/etc/passwd' INTO TABLE t", /not LOAD/, 'mysql'],
      ["LOAD XML INFILE '/etc/passwd' INTO TABLE t", /not LOAD/, 'mysql'],
      ['TRUNCATE t', /not TRUNCATE/],
      ['EXPLAIN ANALYZE DELETE FROM t', /not EXPLAIN/],
      ["SELECT 'unterminated", /not closed/],
      ['SELECT 1 /* open', /not closed/],
      ['SELECT $a$ open', /not closed/],
      ['SELECT 1\0', /NUL/],
      ['', /no statement/],
      ['-- only a comment', /no statement/],
      ["'text' SELECT 1", /not text starting with a literal/],
    ];
    for (const [sql, reason, dialect] of cases) {
      const e = checkReadOnly(sql, { dialect: dialect ?? 'postgres' });
      expect(e?.code, sql).toBe('SQL_NOT_READ_ONLY');
      expect(e?.message, sql).toMatch(reason);
      expect(e?.message, sql).not.toContain('/tmp/x');
    }
  });

  it('refuses functions that reach files, other sessions or session state', () => {
    for (const sql of [
      "SELECT pg_read_file('/etc/passwd')",
      "SELECT pg_catalog.pg_read_file ('/etc/passwd')",
      'SELECT "pg_read_file"(\'/etc/passwd\')',
      "SELECT lo_export(1, '/tmp/x')",
      'SELECT pg_terminate_backend(pg_backend_pid())',
      "SELECT set_config('statement_timeout', '0', false)",
      'SELECT pg_advisory_lock(1)',
      "SELECT * FROM dblink('host=x', 'DELETE FROM t') AS r(x int)",
      "SELECT query_to_xml('SELECT pg_read_file(''/etc/passwd'')', true, false, '')",
    ]) {
      expect(why(sql), sql).toMatch(/function .* is not allowed/);
    }
    expect(why("SELECT load_file('/etc/passwd')", 'mysql')).toMatch(/function load_file/);
    expect(why("SELECT GET_LOCK('x', 1)", 'mysql')).toMatch(/function get_lock/);
    // A column that happens to bear the name is not a call.
    expect(code('SELECT set_config FROM t')).toBe('ok');
  });

  it("reads MySQL's '--' as a comment only before whitespace or a control character", () => {
    expect(why("select 1 --1 into outfile 'pwned.txt'", 'mysql')).toMatch(/INTO is not allowed/);
    expect(why('select 1 --1\n; drop table t', 'mysql')).toMatch(/only one statement/);
    expect(code("select 1 -- into outfile 'x'", 'mysql')).toBe('ok');
    expect(code("select 1 --\tinto outfile 'x'", 'mysql')).toBe('ok');
    expect(code("select 1 --\u0001into outfile 'x'", 'mysql')).toBe('ok');
    expect(code('select 1 --', 'mysql')).toBe('ok');
    // PostgreSQL reads every -- as a comment, up to a newline or a carriage return.
    expect(code('select 1 --1 into t')).toBe('ok');
    expect(why('select 1 --x\rinto t')).toMatch(/INTO is not allowed/);
    // MySQL's line comments end at a newline only.
    expect(code('select 1 -- x\r into t', 'mysql')).toBe('ok');
  });

  it("reads MySQL's block comments as not nesting, and PostgreSQL's as nesting", () => {
    const nested = "select 1 /* /* */ into outfile 'pwned.txt' -- */";
    expect(why(nested, 'mysql')).toMatch(/INTO is not allowed/);
    expect(code(nested, 'postgres')).toBe('ok');
    expect(why('select 1 /* /* */ ; drop table t', 'mysql')).toMatch(/only one statement/);
    expect(why('select 1 /* /* */ ; drop table t */ ; drop table u')).toMatch(/only one statement/);
  });

  it('refuses executable comments and optimizer hints', () => {
    for (const sql of [
      "select 1 /*! into outfile 'x' */",
      "select 1 /*!50000 into outfile 'x' */",
      "select 1 /*M! into outfile 'x' */",
      "select 1 /*M!100000 into outfile 'x' */",
      'select /*+ MAX_EXECUTION_TIME(1) */ 1',
    ]) {
      expect(why(sql, 'mysql'), sql).toMatch(/executable comments/);
    }
    // Inside a plain comment or a string they are only text.
    expect(code("select 1 /* /*! into outfile 'x' */", 'mysql')).toBe('ok');
    expect(code("select '/*! into outfile */'", 'mysql')).toBe('ok');
  });

  it('reads MySQL strings with and without backslash escapes (the sql_mode decides), and must pass both', () => {
    // With escapes one string; under NO_BACKSLASH_ESCAPES the second half is code.
    expect(why(`select 'a\\' into outfile '/tmp/x' -- '`, 'mysql')).toMatch(/INTO is not allowed|not closed/);
    expect(why(`select "a\\" into outfile '/tmp/x' -- "`, 'mysql')).toMatch(/INTO is not allowed|not closed/);
    expect(code(`select 'it''s', 'C:\\\\dir' as p`, 'mysql')).toBe('ok');
    // Backticks never take escapes.
    expect(why('select `a\\` from t; drop table t', 'mysql')).toMatch(/only one statement/);
    // MySQL has no dollar quotes: $$ is a name there.
    expect(why('select $$ into outfile $$', 'mysql')).toMatch(/INTO is not allowed/);
  });

  it('reads PostgreSQL strings as the server does: standard strings literally, E strings with escapes', () => {
    expect(why("SELECT 'a\\'; DROP TABLE t; --'")).toMatch(/only one statement/);
    expect(code("SELECT E'\\'; DROP TABLE t; --'")).toBe('ok');
    expect(code("SELECT e'\\\\', 'x'")).toBe('ok');
    // Only a lone E before the quote makes an escape string.
    expect(why("SELECT note'\\'; DROP TABLE t; --' FROM t")).toMatch(/only one statement/);
    expect(code('SELECT U&"d\\0061t\\+000061" FROM t')).toBe('ok');
    // Letters glued to a number are a word (PostgreSQL before 15 reads `1into` as 1 INTO).
    expect(why('SELECT 1into t')).toMatch(/INTO is not allowed/);
    expect(code('SELECT a$b$c FROM t')).toBe('ok');
  });

  it('keeps the statement alone for the driver: trailing semicolons and comments after them dropped', () => {
    const mysql: GuardOptions = { dialect: 'mysql' };
    expect(statementText('  SELECT 1 ;  ', mysql)).toBe('SELECT 1');
    expect(statementText('SELECT 1; -- done', mysql)).toBe('SELECT 1');
    expect(statementText("SELECT ';' AS s;", mysql)).toBe("SELECT ';' AS s");
    expect(statementText('SELECT 1 -- no semicolon')).toBe('SELECT 1 -- no semicolon');
  });
});

/** Quotes any text as one string literal the engine reads back whole. */
const literal = (text: string, dialect: Engine) =>
  dialect === 'mysql'
    ? `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
    : `'${text.replace(/'/g, "''")}'`;

/** A comment holding any text: its closing sequence (and, on PostgreSQL, any opening one) taken out. */
const blockComment = (text: string) => {
  let s = text;
  while (/\/\*|\*\//.test(s)) s = s.replace(/\/\*|\*\//g, '');
  return `/* ${s} */`;
};
const lineComment = (text: string, dialect: Engine) =>
  `${dialect === 'mysql' ? '-- ' : '--'}${text.replace(/[\n\r]/g, ' ')}\n`;

const TRICKY = fc.stringMatching(/^[a-z ;'"`\\/*#$\-!\n\r\t0-9E]{0,30}$/);
const TAILS = [
  { tail: '; DROP TABLE t', reason: /only one statement/ },
  { tail: " INTO OUTFILE '/tmp/x'", reason: /INTO is not allowed/ },
  { tail: ' FROM t FOR UPDATE', reason: /UPDATE is not allowed/ },
];

describe('read-only guard properties', () => {
  for (const dialect of ['postgres', 'mysql', 'duckdb'] as const) {
    it(`${dialect}: text inside a string or a comment never ends it early, and never hides code after it`, () => {
      fc.assert(
        fc.property(
          fc.oneof(TRICKY, fc.string({ maxLength: 30 })),
          fc.constantFrom('string', 'block', 'line'),
          fc.constantFrom(...TAILS),
          (text, wrap, { tail, reason }) => {
            const clean = text.replace(/\0/g, '');
            const hidden =
              wrap === 'string'
                ? literal(clean, dialect)
                : wrap === 'block'
                  ? blockComment(clean)
                  : lineComment(clean, dialect);
            const read = `SELECT ${hidden} 1`;
            expect(code(read, dialect), read).toBe('ok');
            expect(why(`${read}${tail}`, dialect)).toMatch(reason);
          },
        ),
        { numRuns: 500 },
      );
    });
  }

  it('never lets a write keyword through whatever surrounds it in a read query', () => {
    const writes = [
      'INSERT',
      'UPDATE',
      'DELETE',
      'DROP',
      'ALTER',
      'CREATE',
      'TRUNCATE',
      'GRANT',
      'MERGE',
      'COPY',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...writes),
        fc.string({ maxLength: 20 }),
        fc.constantFrom('postgres', 'mysql', 'duckdb'),
        (w, junk, dialect) => {
          const safeJunk = junk.replace(/['"`$\-/*#;\\\0]/g, ' ');
          expect(code(`SELECT ${safeJunk} FROM t WHERE x IN (${w} something)`, dialect)).toBe(
            'SQL_NOT_READ_ONLY',
          );
        },
      ),
    );
  });

  it('whatever the text, the lexer ends, and every token lies inside the text in order', () => {
    fc.assert(
      fc.property(fc.oneof(TRICKY, fc.string({ maxLength: 60 })), fc.boolean(), (text, mysql) => {
        const lexed = lexSql(text, { dialect: mysql ? 'mysql' : 'postgres' });
        if (!lexed.ok) return;
        let last = -1;
        for (const t of lexed.tokens) {
          expect(t.at).toBeGreaterThan(last);
          expect(t.at).toBeLessThan(text.length);
          last = t.at;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
