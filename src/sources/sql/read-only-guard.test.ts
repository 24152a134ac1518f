import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkReadOnly } from './read-only-guard.js';

const code = (sql: string, mysql = false) => checkReadOnly(sql, { mysql })?.code ?? 'ok';

describe('read-only guard', () => {
  it('lets single read queries through', () => {
    for (const sql of [
      'SELECT 1',
      "select count(*) from orders where note = 'drop table; insert'",
      'WITH t AS (SELECT 1 AS a) SELECT a FROM t;',
      'SELECT "delete" FROM t -- UPDATE in a comment\n',
      'SELECT /* a ; b */ updated_at, created_into FROM t',
      '(SELECT 1) UNION ALL (SELECT 2)',
      'SELECT $$; DROP TABLE x$$ AS s',
      "SELECT replace(name, 'a', 'b') FROM t",
    ]) {
      expect(code(sql), sql).toBe('ok');
    }
  });

  it('rejects writes, DDL and chained statements with the keyword, never the text', () => {
    const cases: Array<[string, RegExp]> = [
      ['DROP TABLE orders', /not DROP/],
      ['INSERT INTO t VALUES (1)', /not INSERT/],
      ['SELECT 1; DROP TABLE t', /only one statement/],
      ['SELECT 1;;SELECT 2', /only one statement/],
      ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', /DELETE is not allowed/],
      ['SELECT * INTO new_t FROM t', /INTO is not allowed/],
      ['SELECT * FROM t FOR UPDATE', /UPDATE is not allowed/],
      ['TRUNCATE t', /not TRUNCATE/],
      ["SELECT 'unterminated", /not closed/],
      ['SELECT 1 /* open', /not closed/],
      ['', /no statement/],
    ];
    for (const [sql, why] of cases) {
      const e = checkReadOnly(sql);
      expect(e?.code, sql).toBe('SQL_NOT_READ_ONLY');
      expect(e?.message, sql).toMatch(why);
    }
  });

  it('reads PostgreSQL standard strings literally: a backslash does not hide a chained statement', () => {
    expect(code("SELECT 'a\\'; DROP TABLE t; --'")).toBe('SQL_NOT_READ_ONLY');
    expect(code("SELECT 'a\\'; DROP TABLE t; --'", true)).toBe('ok');
    expect(code('SELECT 1 /*!50000 DROP TABLE t */', true)).toBe('SQL_NOT_READ_ONLY');
    // In an E'' string the backslash does escape: this is one string, harmless.
    expect(code("SELECT E'\\'; DROP TABLE t; --'")).toBe('ok');
    expect(code('SELECT 1 # ; DROP TABLE t\n', true)).toBe('ok');
  });

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
      'CALL',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...writes), fc.string({ maxLength: 20 }), (w, junk) => {
        const safeJunk = junk.replace(/['"`$\-/*#;\\]/g, ' ');
        expect(code(`SELECT ${safeJunk} FROM t WHERE x IN (${w} something)`)).toBe('SQL_NOT_READ_ONLY');
      }),
    );
  });
});
