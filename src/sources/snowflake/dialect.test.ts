import { describe, expect, it } from 'vitest';
import { renderAll, renderEstimated } from '../testing/dialect-snapshots.js';
import { snowflakeCatalog, snowflakeDialect } from './dialect.js';

describe('snowflake dialect', () => {
  it('renders every column metric of a table as one SELECT', () => {
    expect(renderAll(snowflakeDialect).profile).toMatchSnapshot();
  });

  it('renders estimated distinct counts and quantiles, and names them as estimates', () => {
    const r = renderEstimated(snowflakeDialect);
    expect(r.estimated).toContain(
      `customer name.distinct_ratio: ${snowflakeDialect.estimates?.distinct('x', undefined)?.method}`,
    );
    expect(r.estimated).toContain('amount.p95: ' + snowflakeDialect.estimates?.quantilesBy);
    expect(r.profile.sql).not.toMatch(/count\(DISTINCT/i);
    expect(r.profile).toMatchSnapshot();
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
