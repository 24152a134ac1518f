/**
 * The demo's fault schedule, as data. Loads happen every simulated hour at `t0 + k h` (k = 0 is
 * the first live load); a fault is in the loads `fromLoad` up to, not including, `untilLoad`.
 * Everything here is pure: the loader, the docs and the acceptance test read the same list.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Days of clean history written before the first live load, so baselines are trained at start. */
export const HISTORY_DAYS = 28;

/** The warehouse's OpenLineage namespace: monitors carry the same names as catalog assets. */
export const WAREHOUSE_NS = 'duckdb://shop';
export const JOB_NS = 'shop-etl';
export const table = (name: string): string => `${WAREHOUSE_NS}/${name}`;
export const job = (name: string): string => `${JOB_NS}/${name}`;

export type FaultKind =
  | 'freshness'
  | 'volume'
  | 'schema'
  | 'column_health'
  | 'custom_sql'
  | 'pipeline_failure'
  | 'lineage'
  | 'heartbeat';

export interface ExpectedAlert {
  /** The alert's `asset` label (a table, or a job for pipeline failures) or heartbeat name. */
  asset: string;
  /** The alert's `kind` label. */
  kind: string;
  /** How often the check behind it runs, in ms (0: the signal arrives by itself). */
  intervalMs: number;
}

export interface Fault {
  id: string;
  kind: FaultKind;
  title: string;
  /** What happens to the data, and what Vigil should show. */
  story: string;
  fromLoad: number;
  untilLoad: number;
  /**
   * How long after the faulty load the data can show it. Zero for most; a table that stops
   * loading is only late once its age passes the limit (75 min for an hourly table), and a
   * silent heartbeat is only missed after its period and grace.
   */
  visibleAfterMs: number;
  /** Every alert the fault raises; together they make exactly one incident. */
  alerts: ExpectedAlert[];
}

/** How often each kind of demo monitor runs (see monitor-specs.ts). */
export const FRESHNESS_EVERY = 15 * MINUTE;
export const HOURLY = HOUR;

export const FAULTS: readonly Fault[] = [
  {
    id: 'marketing-feed-stops',
    kind: 'freshness',
    title: 'The marketing spend feed stops loading',
    story:
      'The ad platform sync stops delivering raw.marketing_spend for two hours, then catches up. The freshness monitor fires once the table is 75 minutes old and clears after the catch-up.',
    fromLoad: 1,
    untilLoad: 3,
    visibleAfterMs: 15 * MINUTE,
    alerts: [{ asset: table('raw.marketing_spend'), kind: 'freshness', intervalMs: FRESHNESS_EVERY }],
  },
  {
    id: 'order-items-short',
    kind: 'volume',
    title: 'A load of order items arrives 60 % short',
    story:
      'One hourly load of raw.order_items delivers 60 % fewer rows than usual. The volume baseline, trained on four weeks of history, flags the drop on its next run.',
    fromLoad: 2,
    untilLoad: 3,
    visibleAfterMs: 0,
    alerts: [{ asset: table('raw.order_items'), kind: 'volume', intervalMs: HOURLY }],
  },
  {
    id: 'products-column-renamed',
    kind: 'schema',
    title: 'A column is renamed upstream',
    story:
      'The shop database renames products.price to list_price; raw.products follows. The schema monitor fires with the diff, and clears on its next run once the new schema is the known one.',
    fromLoad: 3,
    untilLoad: 4,
    visibleAfterMs: 0,
    alerts: [{ asset: table('raw.products'), kind: 'schema', intervalMs: HOURLY }],
  },
  {
    id: 'payment-amount-nulls',
    kind: 'column_health',
    title: 'Null spike in payments.amount',
    story:
      'For two loads 40 % of the payment amounts in raw.payments arrive empty. The column-health monitor (null rate at most 1 %) fires and clears when the provider fixes its export.',
    fromLoad: 4,
    untilLoad: 6,
    visibleAfterMs: 0,
    alerts: [{ asset: table('raw.payments'), kind: 'column_health', intervalMs: HOURLY }],
  },
  {
    id: 'duplicate-orders',
    kind: 'custom_sql',
    title: 'Duplicate orders in staging',
    story:
      'A retried extract sends twelve orders twice and staging.stg_orders keeps both copies. The uniqueness check (custom SQL) lists them; the team deploys a de-duplicating model two loads later.',
    fromLoad: 5,
    untilLoad: 7,
    visibleAfterMs: 0,
    alerts: [{ asset: table('staging.stg_orders'), kind: 'custom_sql', intervalMs: HOURLY }],
  },
  {
    id: 'products-run-fails',
    kind: 'pipeline_failure',
    title: 'A pipeline run fails',
    story:
      'The ingest_products run ends with an OpenLineage FAIL event (a timeout from the shop database). The pipeline alert fires at once; the next hourly run completes and resolves it.',
    fromLoad: 6,
    untilLoad: 7,
    visibleAfterMs: 0,
    alerts: [{ asset: job('ingest_products'), kind: 'pipeline_failure', intervalMs: 0 }],
  },
  {
    id: 'payments-export-late',
    kind: 'lineage',
    title: 'An upstream failure cascades downstream',
    story:
      'The payment provider stops exporting: raw.payments stops loading, and staging.stg_payments and marts.daily_revenue, which wait for it, stop too. Three freshness alerts fire together and lineage puts them in one incident.',
    fromLoad: 8,
    untilLoad: 10,
    visibleAfterMs: 15 * MINUTE,
    alerts: [
      { asset: table('raw.payments'), kind: 'freshness', intervalMs: FRESHNESS_EVERY },
      { asset: table('staging.stg_payments'), kind: 'freshness', intervalMs: FRESHNESS_EVERY },
      { asset: table('marts.daily_revenue'), kind: 'freshness', intervalMs: FRESHNESS_EVERY },
    ],
  },
  {
    id: 'crm-sync-silent',
    kind: 'heartbeat',
    title: 'A heartbeat goes silent',
    story:
      'The reverse-ETL job that syncs customers to the CRM stops pinging its heartbeat. Vigil fires when the hourly ping is 10 minutes overdue and resolves at the next ping.',
    fromLoad: 10,
    untilLoad: 12,
    visibleAfterMs: 10 * MINUTE,
    alerts: [{ asset: 'crm-sync', kind: 'heartbeat', intervalMs: 0 }],
  },
];

/** Loads after which every fault has healed and shown its resolution. */
export const SCHEDULE_LOADS = 13;

/** The faults present in load k (none when faults are off). */
export function faultsIn(k: number, enabled: boolean): Set<string> {
  if (!enabled) return new Set();
  return new Set(FAULTS.filter((f) => k >= f.fromLoad && k < f.untilLoad).map((f) => f.id));
}

/** When a fault enters the data and when the data first shows it, for a given first live load. */
export function faultTimes(
  f: Fault,
  t0: number,
): { injectedAt: number; visibleAt: number; healedAt: number } {
  const injectedAt = t0 + f.fromLoad * HOUR;
  return { injectedAt, visibleAt: injectedAt + f.visibleAfterMs, healedAt: t0 + f.untilLoad * HOUR };
}
