import { describe, expect, it } from 'vitest';
import { renderAll } from '../testing/dialect-snapshots.js';
import { bigqueryCatalog, bigqueryDialect } from './dialect.js';

describe('bigquery dialect', () => {
  it('renders every column metric of a table as one SELECT', () => {
    expect(renderAll(bigqueryDialect).profile).toMatchSnapshot();
  });

  it('renders top-N segments and a daily backfill', () => {
    const r = renderAll(bigqueryDialect);
    expect(r.segment).toMatchSnapshot();
    expect(r.backfill).toMatchSnapshot();
  });

  it('reads table statistics from the catalog', () => {
    expect(
      Object.values(bigqueryCatalog).map((f) => (f as (...a: string[]) => unknown)('db', 'sales', 'orders')),
    ).toMatchSnapshot();
  });
});

it('quotes names with backticks and backslashes in them', () => {
  expect(bigqueryDialect.quoteIdent('a`b\\c')).toMatchInlineSnapshot(`"\`a\\\`b\\\\c\`"`);
});
