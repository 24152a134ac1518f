import { describe, expect, it } from 'vitest';
import { renderAll, renderEstimated } from '../testing/dialect-snapshots.js';
import { trinoCatalog, trinoDialect } from './dialect.js';

describe('trino dialect', () => {
  it('renders every column metric of a table as one SELECT', () => {
    expect(renderAll(trinoDialect).profile).toMatchSnapshot();
  });

  it('renders estimated distinct counts and quantiles, and names them as estimates', () => {
    const r = renderEstimated(trinoDialect);
    expect(r.estimated).toContain(
      `customer name.distinct_ratio: ${trinoDialect.estimates?.distinct('x', undefined)?.method}`,
    );
    expect(r.estimated).toContain('amount.p95: ' + trinoDialect.estimates?.quantilesBy);
    expect(r.profile.sql).not.toMatch(/count\(DISTINCT/i);
    expect(r.profile).toMatchSnapshot();
  });

  it('renders top-N segments and a daily backfill', () => {
    const r = renderAll(trinoDialect);
    expect(r.segment).toMatchSnapshot();
    expect(r.backfill).toMatchSnapshot();
  });

  it('reads table statistics from the catalog', () => {
    expect(
      Object.values(trinoCatalog).map((f) => (f as (...a: string[]) => unknown)('db', 'sales', 'orders')),
    ).toMatchSnapshot();
  });
});

it('quotes names with quotes in them', () => {
  expect(trinoDialect.quoteIdent('x"; DROP TABLE t; --')).toMatchInlineSnapshot(`""x""; DROP TABLE t; --""`);
});
