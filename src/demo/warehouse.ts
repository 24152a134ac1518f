import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { LoadPlan } from './shop-model.js';

/**
 * The shop's DuckDB warehouse and the SQL of its pipeline. Rows are generated inside DuckDB from a
 * small table of load plans, so four weeks of history (some 80 000 orders) take one statement per
 * table, and a live load is the same statements with one plan.
 */
export interface Warehouse {
  connection: DuckDBConnection;
  close(): void;
}

export async function openWarehouse(path: string): Promise<Warehouse> {
  // The pipeline keeps the file open read-write for the demo's life. Vigil's DuckDB source opens it
  // read-only in an instance of its own for each check; DuckDB's file lock does not keep two
  // instances of one process apart, so the demo plays a loader that never has to wait.
  const instance = await DuckDBInstance.fromCache(path);
  const connection = await instance.connect();
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

const DDL = [
  'CREATE SCHEMA IF NOT EXISTS raw',
  'CREATE SCHEMA IF NOT EXISTS staging',
  'CREATE SCHEMA IF NOT EXISTS marts',
  `CREATE TABLE IF NOT EXISTS raw.customers (customer_id BIGINT, email VARCHAR, phone VARCHAR,
     country VARCHAR, created_at TIMESTAMP, loaded_at TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS raw.orders (order_id BIGINT, customer_id BIGINT, status VARCHAR,
     sales_channel VARCHAR, created_at TIMESTAMP, loaded_at TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS raw.order_items (order_id BIGINT, line INTEGER, product_id INTEGER,
     quantity INTEGER, unit_price DOUBLE, created_at TIMESTAMP, loaded_at TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS raw.payments (payment_id BIGINT, order_id BIGINT, method VARCHAR,
     amount DOUBLE, created_at TIMESTAMP, loaded_at TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS raw.marketing_spend (hour TIMESTAMP, ad_channel VARCHAR, spend DOUBLE,
     clicks INTEGER, loaded_at TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS staging.stg_orders (order_id BIGINT, customer_id BIGINT, status VARCHAR,
     created_at TIMESTAMP, loaded_at TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS staging.stg_payments (payment_id BIGINT, order_id BIGINT, method VARCHAR,
     amount DOUBLE, created_at TIMESTAMP, loaded_at TIMESTAMP)`,
];

export async function createTables(w: Warehouse): Promise<void> {
  for (const sql of DDL) await w.connection.run(sql);
}

const int = (n: number) => String(Math.trunc(n));

async function scalar(w: Warehouse, sql: string): Promise<number> {
  const reader = await w.connection.runAndReadAll(sql);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/**
 * Writes loads in order. History passes many clean plans at once; a live load passes one. The
 * plan's job outcomes decide which tables move: a skipped or failed job writes nothing.
 */
export async function writeLoads(w: Warehouse, plans: LoadPlan[]): Promise<void> {
  if (plans.length === 0) return;
  const c = w.connection;
  let order = (await scalar(w, 'SELECT coalesce(max(order_id), 100000) FROM raw.orders')) + 1;
  let customer = (await scalar(w, 'SELECT coalesce(max(customer_id), 0) FROM raw.customers')) + 1;
  const rows = plans.map((p) => {
    const row = [
      p.k,
      p.hourStart,
      p.loadAt,
      p.jobs.ingest_orders === 'complete' ? p.orders : 0,
      order,
      p.jobs.ingest_customers === 'complete' ? p.customers : 0,
      customer,
      Math.round(p.itemsShare * 100),
      Math.round(p.nullAmountShare * 100),
      p.payments && p.jobs.ingest_payments === 'complete' ? 1 : 0,
    ];
    order += row[3] as number;
    customer += row[5] as number;
    return `(${row.map(int).join(', ')})`;
  });
  await c.run('DROP TABLE IF EXISTS _loads');
  await c.run(
    `CREATE TEMP TABLE _loads AS SELECT * FROM (VALUES ${rows.join(', ')})
       AS t(k, hour_start, load_at, n_orders, first_order, n_customers, first_customer, items_pct, null_pct, pay)`,
  );
  // Customers exist before their orders: an order's customer is one created up to its load.
  await c.run(`INSERT INTO raw.customers
    SELECT l.first_customer + r.i, 'customer' || (l.first_customer + r.i) || '@mail.example',
      '+1 555 ' || lpad(((l.first_customer + r.i) * 7919 % 10000000)::VARCHAR, 7, '0'),
      ['US', 'US', 'GB', 'DE', 'FR', 'CA'][1 + ((l.first_customer + r.i) % 6)::INTEGER],
      epoch_ms(l.hour_start + (r.i * 3600000) // greatest(l.n_customers, 1)), epoch_ms(l.load_at)
    FROM _loads l, range(l.n_customers) r(i)`);
  await c.run(`INSERT INTO raw.orders
    SELECT l.first_order + r.i, 1 + ((l.first_order + r.i) * 7919) % greatest(l.first_customer + l.n_customers - 1, 1),
      CASE WHEN (l.first_order + r.i) % 23 = 0 THEN 'cancelled' ELSE 'paid' END,
      ['web', 'app', 'marketplace'][1 + ((l.first_order + r.i) % 3)::INTEGER],
      epoch_ms(l.hour_start + (r.i * 3600000) // l.n_orders + ((l.first_order + r.i) * 7919) % 30000),
      epoch_ms(l.load_at)
    FROM _loads l, range(l.n_orders) r(i)`);
  await c.run(`INSERT INTO raw.order_items
    SELECT o.order_id, n.line::INTEGER + 1, (1 + (o.order_id * 31 + n.line * 17) % 40)::INTEGER,
      (1 + (o.order_id + n.line) % 3)::INTEGER, round(4 + ((o.order_id * 31 + n.line * 17) % 40) * 1.75, 2),
      o.created_at, o.loaded_at
    FROM raw.orders o JOIN _loads l ON o.loaded_at = epoch_ms(l.load_at),
      range(1 + (o.order_id * 40503 % 65537) % 4) n(line)
    WHERE (o.order_id * 37 % 100) < l.items_pct`);
  await c.run(`CREATE OR REPLACE TEMP TABLE _payments AS
    SELECT o.order_id * 10 + 1 AS payment_id, o.order_id,
      ['card', 'card', 'card', 'paypal', 'bank_transfer'][1 + (o.order_id % 5)::INTEGER] AS method,
      CASE WHEN (o.order_id * 53 % 100) < l.null_pct THEN NULL
        ELSE round(12 + (o.order_id * 7919 % 18000) / 100.0, 2) END AS amount,
      o.created_at + INTERVAL 40 SECOND AS created_at, o.loaded_at, l.k
    FROM raw.orders o JOIN _loads l ON o.loaded_at = epoch_ms(l.load_at)
    WHERE l.pay = 1 AND o.status = 'paid'`);
  // raw.payments holds the provider's latest export only; staging keeps every one.
  const lastPay = await scalar(w, 'SELECT coalesce(max(k), -1000000) FROM _payments');
  if (lastPay > -1000000) {
    await c.run('DELETE FROM raw.payments');
    await c.run(`INSERT INTO raw.payments SELECT payment_id, order_id, method, amount, created_at, loaded_at
      FROM _payments WHERE k = ${int(lastPay)}`);
  }
  await c.run(`INSERT INTO staging.stg_payments
    SELECT payment_id, order_id, method, amount, created_at, loaded_at FROM _payments`);
  await c.run(`INSERT INTO staging.stg_orders
    SELECT o.order_id, o.customer_id, o.status, o.created_at, o.loaded_at
    FROM raw.orders o JOIN _loads l ON o.loaded_at = epoch_ms(l.load_at)`);
  const hours = plans.flatMap((p) => p.marketingHours.map((h) => `(${int(h)}, ${int(p.loadAt)})`));
  if (hours.length > 0)
    await c.run(`INSERT INTO raw.marketing_spend
      SELECT epoch_ms(m.hour), ch.name,
        round(ch.base * (0.8 + ((m.hour // 3600000) * 7919 + ch.seed) % 40 / 100.0), 2),
        (ch.base * (2.5 + ((m.hour // 3600000) * 31 + ch.seed) % 10 / 10.0))::INTEGER, epoch_ms(m.load_at)
      FROM (VALUES ${hours.join(', ')}) m(hour, load_at),
        (VALUES ('search', 42.0, 1), ('social', 31.0, 2), ('video', 18.0, 3), ('newsletter', 4.0, 4)) ch(name, base, seed)`);
  for (const p of plans) await duplicates(w, p);
  await refreshes(w, plans[plans.length - 1] as LoadPlan);
}

/** Orders sent twice reach staging too, until the de-duplicating model is deployed. */
async function duplicates(w: Warehouse, p: LoadPlan): Promise<void> {
  const c = w.connection;
  if (p.duplicateOrders > 0) {
    const dup = `SELECT * FROM raw.orders WHERE loaded_at = epoch_ms(${int(p.loadAt)}) ORDER BY order_id LIMIT ${int(p.duplicateOrders)}`;
    await c.run(`INSERT INTO raw.orders ${dup}`);
    await c.run(`INSERT INTO staging.stg_orders SELECT order_id, customer_id, status, created_at, loaded_at
      FROM (${dup})`);
  }
  if (p.dedupe)
    await c.run(`DELETE FROM staging.stg_orders WHERE rowid NOT IN
      (SELECT min(rowid) FROM staging.stg_orders GROUP BY order_id)`);
}

/** Full refreshes: only the latest load's shape and time matter. */
async function refreshes(w: Warehouse, p: LoadPlan): Promise<void> {
  const c = w.connection;
  const at = `epoch_ms(${int(p.loadAt)})`;
  if (p.jobs.ingest_products === 'complete') {
    // A full refresh, as ELT tools do it: the table takes whatever shape the source has now.
    const price = p.productsRenamed ? 'list_price' : 'price';
    await c.run(`CREATE OR REPLACE TABLE raw.products AS
      SELECT i::INTEGER AS product_id, 'Product ' || i AS name,
        ['apparel', 'home', 'garden', 'toys', 'books'][1 + (i % 5)::INTEGER] AS category,
        round(4 + (i % 40) * 1.75, 2) AS ${price}, ${at} AS updated_at
      FROM range(1, 41) r(i)`);
  }
  if (p.jobs.build_marts === 'complete') {
    await c.run(`CREATE OR REPLACE TABLE marts.daily_revenue AS
      SELECT CAST(created_at AS DATE) AS day, count(DISTINCT order_id) AS orders,
        round(sum(amount), 2) AS revenue, ${at} AS updated_at
      FROM staging.stg_payments GROUP BY 1 ORDER BY 1`);
  }
}
