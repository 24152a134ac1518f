import { describe, expect, it } from 'vitest';
import { tableRef } from './common.js';

describe('tableRef', () => {
  it('splits schema and table', () => {
    expect(tableRef('shop.orders')).toEqual({ schema: 'shop', name: 'orders' });
    expect(tableRef('orders')).toEqual({ name: 'orders' });
  });

  it('reads a catalog name after its namespace, so monitors can carry the asset name', () => {
    expect(tableRef('duckdb://shop/raw.orders')).toEqual({ schema: 'raw', name: 'orders' });
    expect(tableRef('postgres://db:5432/staging.stg_orders')).toEqual({
      schema: 'staging',
      name: 'stg_orders',
    });
  });
});
