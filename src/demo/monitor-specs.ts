import type { MonitorInput } from '../services/monitors.js';
import { table } from './timeline.js';

/**
 * The demo's monitors. Each is set up the way a team would for an hourly pipeline, and chosen to
 * stay quiet on clean data: static limits where the rule is a fact (a load is due every hour, an
 * amount is never empty, an order id is unique), learned baselines trained on the four weeks of
 * history where the normal level moves with the hour and the weekday (rows per load).
 */
export const SOURCE_NAME = 'shop-warehouse';

const FRESH = { every: '15m' } as const;
// Hourly checks run at a quarter past, after the load on the hour has landed.
const HOURLY = { cron: '15 * * * *', timeZone: 'UTC' } as const;

const runbook = (asset: string, steps: string[]) =>
  `## ${asset}\n\n${steps.map((s, i) => `${i + 1}. ${s}`).join('\n')}\n\nEscalate to #data-eng-oncall if not fixed within an hour.`;

function freshness(name: string, column: string, owner: string, steps: string[]): MonitorInput {
  return {
    name: `${name} freshness`,
    kind: 'freshness',
    source: SOURCE_NAME,
    asset: table(name),
    // Loaded every hour: 75 minutes leaves a quarter of an hour for a slow run before it pages.
    config: { timestampColumn: column, maxAgeMinutes: 75 },
    schedule: FRESH,
    severity: 'page',
    owner,
    labels: { team: owner, layer: name.split('.')[0] ?? '' },
    runbook: runbook(name, steps),
    description: `${name} is loaded every hour; page when its newest ${column} is over 75 minutes old.`,
  };
}

function volume(name: string, owner: string, steps: string[]): MonitorInput {
  return {
    name: `${name} volume`,
    kind: 'volume',
    source: SOURCE_NAME,
    asset: table(name),
    config: {
      exact: true,
      // A drop is the incident; a bigger load (a catch-up, a sale) is not. Medium sensitivity
      // flags a 60 % drop with a wide margin and raised nothing on the four weeks of history.
      detection: { sensitivity: 'medium', direction: 'down' },
      backfill: { timestampColumn: 'created_at', days: 28, bucket: 'hour' },
    },
    schedule: HOURLY,
    severity: 'page',
    owner,
    labels: { team: owner, layer: 'raw' },
    runbook: runbook(name, steps),
    description: `Rows added per hourly load of ${name}, against a baseline learned by hour of day and weekday.`,
  };
}

export function demoMonitors(): MonitorInput[] {
  return [
    freshness('raw.marketing_spend', 'loaded_at', 'growth', [
      'Check the ad platform sync (sync_marketing_spend) in the orchestrator: did it run?',
      'If the ad platform API is down, nothing to do: the sync catches up when it returns.',
      'Tell #marketing that the ROI dashboard is stale until then.',
    ]),
    freshness('raw.orders', 'loaded_at', 'data-eng', [
      'Check the ingest_orders run in the orchestrator.',
      'Check the shop database replica is reachable.',
    ]),
    freshness('raw.payments', 'loaded_at', 'finance-data', [
      "Check the payment provider's status page and the ingest_payments run.",
      'Staging and the revenue mart wait for payments: expect them to go stale too.',
    ]),
    freshness('staging.stg_payments', 'loaded_at', 'finance-data', [
      'Is raw.payments fresh? If not, fix that first: this model only appends new exports.',
    ]),
    freshness('marts.daily_revenue', 'updated_at', 'analytics', [
      'The mart waits for payments: check raw.payments and staging.stg_payments first.',
      'Post in #revenue-dashboard that figures for today are delayed.',
    ]),
    volume('raw.orders', 'data-eng', [
      'Compare with the shop database: SELECT count(*) FROM orders for the hour.',
      'A drop with no drop in the shop means a partial extract: re-run ingest_orders for the hour.',
    ]),
    volume('raw.order_items', 'data-eng', [
      'Compare orders and items for the hour: items missing for some orders means a partial extract.',
      'Re-run ingest_orders for the hour; it is idempotent.',
    ]),
    {
      name: 'raw.products schema',
      kind: 'schema',
      source: SOURCE_NAME,
      asset: table('raw.products'),
      schedule: HOURLY,
      severity: 'page',
      owner: 'data-eng',
      labels: { team: 'data-eng', layer: 'raw' },
      runbook: runbook('raw.products', [
        'Read the diff in the alert: which column was added, removed or renamed?',
        'Update the staging models that select the old name, then acknowledge the new schema.',
      ]),
      description: 'Columns of the product catalogue: a change upstream breaks the models that read it.',
    },
    {
      name: 'raw.payments amount health',
      kind: 'column_health',
      source: SOURCE_NAME,
      asset: table('raw.payments'),
      // Every paid order has an amount: a null is a broken export, so 1 % is already generous.
      config: { columns: ['amount'], metrics: ['null_rate'], bounds: { 'amount.null_rate': { max: 0.01 } } },
      schedule: HOURLY,
      severity: 'page',
      owner: 'finance-data',
      labels: { team: 'finance-data', layer: 'raw' },
      runbook: runbook('raw.payments', [
        'Count the empty amounts by method in the latest export.',
        'Open a ticket with the payment provider; hold the revenue mart if over 5 %.',
      ]),
      description: "Null rate of amount in the provider's latest export.",
    },
    {
      name: 'raw.customers contact health',
      kind: 'column_health',
      source: SOURCE_NAME,
      asset: table('raw.customers'),
      config: {
        columns: ['email', 'phone'],
        metrics: ['null_rate'],
        pii: ['email', 'phone'],
        bounds: { 'email.null_rate': { max: 0.01 }, 'phone.null_rate': { max: 0.05 } },
      },
      schedule: HOURLY,
      severity: 'page',
      owner: 'growth',
      labels: { team: 'growth', layer: 'raw', pii: 'true' },
      runbook: runbook('raw.customers', [
        'Contact columns are PII: look at counts only, never copy rows out.',
        'Check the sign-up form release notes for a changed field.',
      ]),
      description: 'Every customer has an e-mail; phone is optional but nearly always given.',
    },
    {
      name: 'staging.stg_orders unique order ids',
      kind: 'custom_sql',
      source: SOURCE_NAME,
      asset: table('staging.stg_orders'),
      config: {
        mode: 'failing_rows',
        sql: 'SELECT order_id, count(*) AS copies FROM staging.stg_orders GROUP BY order_id HAVING count(*) > 1',
      },
      schedule: HOURLY,
      severity: 'page',
      owner: 'analytics',
      labels: { team: 'analytics', layer: 'staging' },
      runbook: runbook('staging.stg_orders', [
        'The failing rows list the duplicated order ids: find the load they came with (loaded_at).',
        'Revenue is overstated while they stay: de-duplicate the model and rebuild the mart.',
      ]),
      description: 'One row per order: every order id appears once.',
    },
  ];
}
