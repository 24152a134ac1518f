import { FAULTS, faultsIn, HOUR } from './timeline.js';

/**
 * What one hourly load of the shop's pipeline delivers, as a pure function of the load's hour and
 * the fault schedule. Orders follow a daily curve (quiet nights, a lunch peak, an evening peak),
 * a weekly one (busier weekends) and noise; the same hour always gives the same numbers.
 */
export type JobName =
  | 'ingest_orders'
  | 'ingest_customers'
  | 'ingest_products'
  | 'ingest_payments'
  | 'sync_marketing_spend'
  | 'build_staging'
  | 'build_marts';

export type JobOutcome = 'complete' | 'fail' | 'skip';

export interface LoadPlan {
  k: number;
  /** The load runs at `loadAt` and brings the rows created in [hourStart, loadAt). */
  hourStart: number;
  loadAt: number;
  orders: number;
  customers: number;
  /** Share of the orders whose items arrive (1; 0.4 when a load is 60 % short). */
  itemsShare: number;
  /** Share of payment amounts that arrive empty. */
  nullAmountShare: number;
  /** Orders sent twice by a retried extract. */
  duplicateOrders: number;
  /** The staging model that removes duplicates is deployed with this load. */
  dedupe: boolean;
  productsRenamed: boolean;
  /** Hours of marketing spend delivered by this load (none while the feed is stopped). */
  marketingHours: number[];
  payments: boolean;
  jobs: Record<JobName, JobOutcome>;
  heartbeat: boolean;
}

/** A small fast PRNG (mulberry32), seeded per hour and stream so every load is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gauss(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/** Expected orders in the hour starting at `t` (UTC). */
export function expectedOrders(t: number): number {
  const d = new Date(t);
  const h = d.getUTCHours() + 0.5;
  const day =
    0.3 +
    1.1 * Math.exp(-((h - 13) ** 2) / (2 * 3.5 ** 2)) +
    0.55 * Math.exp(-((h - 20.5) ** 2) / (2 * 1.8 ** 2));
  const dow = d.getUTCDay();
  const week = dow === 0 || dow === 6 ? 1.1 : dow === 1 ? 0.96 : 1;
  return 285 * day * week;
}

/** Orders and new customers of the hour starting at `t`: the expected level with noise. */
export function hourCounts(t: number): { orders: number; customers: number } {
  const next = rng(Math.floor(t / HOUR) * 2654435761);
  const mean = expectedOrders(t);
  const orders = Math.max(1, Math.round(mean * (1 + 0.03 * gauss(next)) + Math.sqrt(mean) * gauss(next)));
  const customers = Math.max(0, Math.round(orders * 0.05 + Math.sqrt(orders * 0.05) * gauss(next)));
  return { orders, customers };
}

const JOBS: JobName[] = [
  'ingest_orders',
  'ingest_customers',
  'ingest_products',
  'ingest_payments',
  'sync_marketing_spend',
  'build_staging',
  'build_marts',
];

/** The plan of load k of a pipeline whose first live load is at t0 (negative k: history). */
export function loadPlan(k: number, t0: number, faultsOn: boolean): LoadPlan {
  const loadAt = t0 + k * HOUR;
  const hourStart = loadAt - HOUR;
  const f = faultsIn(k, faultsOn);
  const was = (id: string, before: number) => faultsIn(k - before, faultsOn).has(id);
  const jobs = Object.fromEntries(JOBS.map((j) => [j, 'complete'])) as Record<JobName, JobOutcome>;
  const feedStopped = f.has('marketing-feed-stops');
  const paymentsLate = f.has('payments-export-late');
  if (feedStopped) jobs.sync_marketing_spend = 'skip';
  if (f.has('products-run-fails')) jobs.ingest_products = 'fail';
  if (paymentsLate) {
    jobs.ingest_payments = 'skip';
    jobs.build_marts = 'skip'; // the mart waits for payments
  }
  // The feed catches up on the hours it missed when it comes back.
  let missed = 0;
  while (!feedStopped && was('marketing-feed-stops', missed + 1)) missed++;
  const marketingHours = feedStopped
    ? []
    : Array.from({ length: missed + 1 }, (_, i) => hourStart - (missed - i) * HOUR);
  // A rename upstream is for good: the loads after it keep the new name.
  const renamedAt =
    FAULTS.find((x) => x.id === 'products-column-renamed')?.fromLoad ?? Number.POSITIVE_INFINITY;
  return {
    k,
    hourStart,
    loadAt,
    ...hourCounts(hourStart),
    itemsShare: f.has('order-items-short') ? 0.4 : 1,
    nullAmountShare: f.has('payment-amount-nulls') ? 0.4 : 0,
    duplicateOrders: f.has('duplicate-orders') && !was('duplicate-orders', 1) ? 12 : 0,
    dedupe: was('duplicate-orders', 1) && !f.has('duplicate-orders'),
    productsRenamed: faultsOn && k >= renamedAt,
    marketingHours,
    payments: !paymentsLate,
    jobs,
    heartbeat: !f.has('crm-sync-silent'),
  };
}
