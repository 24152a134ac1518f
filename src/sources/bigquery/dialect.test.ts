import { describe, expect, it } from 'vitest';
import { renderAll, renderEstimated } from '../testing/dialect-snapshots.js';
import { bigqueryCatalog, bigqueryDialect } from './dialect.js';

describe('bigquery dialect', () => {
  it('renders every column metric of a table as one SELECT', () => {
    expect(renderAll(bigqueryDialect).profile).toMatchSnapshot();
  });

  it('renders estimated distinct counts and quantiles, and names them as estimates', () => {
    const r = renderEstimated(bigqueryDialect);
    expect(r.estimated).toContain(
      `customer name.distinct_ratio: ${bigqueryDialect.estimates?.distinct('x', undefined)?.method}`,
    );
    expect(r.estimated).toContain('amount.p95: ' + bigqueryDialect.estimates?.quantilesBy);
    expect(r.profile.sql).not.toMatch(/count\(DISTINCT/i);
    expect(r.profile).toMatchSnapshot();
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
