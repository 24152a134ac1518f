import { describe, expect, it } from 'vitest';
import { tablesOf, tableUsage } from './statement-tables.js';

describe('tables of a pg_stat_statements query', () => {
  it('reads FROM and JOIN tables, qualified or not, quoted or not', () => {
    expect(
      tablesOf(
        'SELECT o.id FROM sales.orders o JOIN "Customers" c ON c.id = o.customer_id WHERE o.total > $1',
      ),
    ).toEqual({ reads: ['sales.orders', 'public.Customers'], writes: [] });
  });

  it('counts the written table as written, the tables it reads from as read', () => {
    expect(tablesOf('INSERT INTO analytics.daily SELECT * FROM staging.events WHERE day = $1')).toEqual({
      reads: ['staging.events'],
      writes: ['analytics.daily'],
    });
    expect(tablesOf('DELETE FROM public.sessions WHERE expires < now()')).toEqual({
      reads: [],
      writes: ['public.sessions'],
    });
  });

  it('leaves out catalog views, comments and string literals', () => {
    expect(tablesOf("/* from secret */ SELECT * FROM pg_catalog.pg_class WHERE relname = 'from x'")).toEqual({
      reads: [],
      writes: [],
    });
  });

  it('adds calls per table over many statements, most read first', () => {
    expect(
      tableUsage([
        { query: 'SELECT * FROM orders WHERE id = $1', calls: 120 },
        { query: 'SELECT count(*) FROM orders JOIN customers USING (customer_id)', calls: 3 },
        { query: 'UPDATE customers SET name = $1 WHERE id = $2', calls: 7 },
      ]),
    ).toEqual([
      { table: 'public.orders', reads: 123, writes: 0 },
      { table: 'public.customers', reads: 3, writes: 7 },
    ]);
  });
});
