import { describe, expect, it } from 'vitest';
import { renderAll } from '../testing/dialect-snapshots.js';
import { snowflakeCatalog, snowflakeDialect } from './dialect.js';

describe('snowflake dialect', () => {
  it('renders every column metric of a table as one SELECT', () => {
    expect(renderAll(snowflakeDialect).profile).toMatchSnapshot();
  });

  it('renders top-N segments and a daily backfill', () => {
    const r = renderAll(snowflakeDialect);
    expect(r.segment).toMatchSnapshot();
    expect(r.backfill).toMatchSnapshot();
  });

  it('reads table statistics from the catalog', () => {
    expect(
      Object.values(snowflakeCatalog).map((f) => (f as (...a: string[]) => unknown)('db', 'sales', 'orders')),
    ).toMatchSnapshot();
  });
});

it('quotes names with quotes in them', () => {
  expect(snowflakeDialect.quoteIdent('a"b')).toMatchInlineSnapshot(`""a""b""`);
});
