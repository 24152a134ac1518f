import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../duckdb/dialect.js';
import { mysqlDialect } from '../mysql/dialect.js';
import { checkName } from './identifiers.js';
import { tagComment, tagged } from './query-tag.js';

describe('query tags and names', () => {
  it('names the monitor in a comment that cannot be closed early', () => {
    expect(tagged({ monitorId: 'mon_42', purpose: 'profile' }, 'SELECT 1')).toBe(
      '/* vigil monitor=mon_42 purpose=profile */ SELECT 1',
    );
    const hostile = tagComment({ monitorId: 'x */ DROP TABLE t; /*' });
    expect(hostile).toBe('/* vigil monitor=x____DROP_TABLE_t____ */');
    expect(hostile.indexOf('*/')).toBe(hostile.length - 2);
  });

  it('quotes any name so it stays one identifier', () => {
    expect(duckdbDialect.quoteIdent('a"; DROP TABLE t; --')).toBe('"a""; DROP TABLE t; --"');
    expect(mysqlDialect.quoteIdent('a`b')).toBe('`a``b`');
  });

  it('refuses names no engine accepts, saying why', () => {
    expect(checkName('table', '')?.message).toBe('the table name is empty');
    expect(checkName('column', 'a\u0000b')?.code).toBe('INVALID_INPUT');
    expect(checkName('column', 'x'.repeat(300))?.message).toMatch(/longer than 255/);
    expect(checkName('column', 'Weird name ü')).toBeNull();
  });
});
