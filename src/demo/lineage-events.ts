import { randomUUID } from 'node:crypto';
import type { JobName, LoadPlan } from './shop-model.js';
import { JOB_NS, MINUTE, WAREHOUSE_NS } from './timeline.js';

/**
 * The OpenLineage events the shop's pipeline emits for one load: a START and a COMPLETE (or FAIL)
 * per job run, with inputs and outputs, so the catalog learns lineage raw -> staging -> marts and
 * Vigil sees every run. Pure: the columns of each table come in, events go out.
 */
const PRODUCER = 'https://github.com/vigil-data/vigil/tree/main/src/demo';
const RUN_EVENT = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const SCHEMA_FACET =
  'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet';
const ERROR_FACET =
  'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet';

const SHOP_DB = 'postgres://shop-db:5432';
const PAYMENTS_API = 'https://api.payments.example';
const ADS_API = 'https://ads.example';

interface Ref {
  namespace: string;
  name: string;
}
const wh = (name: string): Ref => ({ namespace: WAREHOUSE_NS, name });

interface RunSpec {
  job: string;
  from: JobName;
  inputs: Ref[];
  outputs: Ref[];
  description: string;
}

/** Every job run of one load; staging and marts are one job per model, as dbt would run them. */
export const RUNS: readonly RunSpec[] = [
  {
    job: 'ingest_orders',
    from: 'ingest_orders',
    inputs: [
      { namespace: SHOP_DB, name: 'shop.public.orders' },
      { namespace: SHOP_DB, name: 'shop.public.order_items' },
    ],
    outputs: [wh('raw.orders'), wh('raw.order_items')],
    description: 'Copies the last hour of orders and their items from the shop database.',
  },
  {
    job: 'ingest_customers',
    from: 'ingest_customers',
    inputs: [{ namespace: SHOP_DB, name: 'shop.public.customers' }],
    outputs: [wh('raw.customers')],
    description: 'Copies new customers from the shop database.',
  },
  {
    job: 'ingest_products',
    from: 'ingest_products',
    inputs: [{ namespace: SHOP_DB, name: 'shop.public.products' }],
    outputs: [wh('raw.products')],
    description: 'Full refresh of the product catalogue.',
  },
  {
    job: 'ingest_payments',
    from: 'ingest_payments',
    inputs: [{ namespace: PAYMENTS_API, name: 'exports.payments' }],
    outputs: [wh('raw.payments')],
    description: "Loads the payment provider's hourly export.",
  },
  {
    job: 'sync_marketing_spend',
    from: 'sync_marketing_spend',
    inputs: [{ namespace: ADS_API, name: 'reports.spend' }],
    outputs: [wh('raw.marketing_spend')],
    description: 'Syncs hourly ad spend by channel from the ad platforms.',
  },
  {
    job: 'build_staging.stg_orders',
    from: 'build_staging',
    inputs: [wh('raw.orders')],
    outputs: [wh('staging.stg_orders')],
    description: 'Staging model: one row per order.',
  },
  {
    job: 'build_staging.stg_payments',
    from: 'ingest_payments',
    inputs: [wh('raw.payments')],
    outputs: [wh('staging.stg_payments')],
    description: 'Staging model: every payment export appended.',
  },
  {
    job: 'build_marts.daily_revenue',
    from: 'build_marts',
    inputs: [wh('staging.stg_orders'), wh('staging.stg_payments')],
    outputs: [wh('marts.daily_revenue')],
    description: 'Mart: orders and revenue per day.',
  },
];

export type TableColumns = Map<string, Array<{ name: string; type: string }>>;

const ERRORS: Partial<Record<JobName, string>> = {
  ingest_products: 'timeout: canceling statement due to statement timeout (shop-db, 30 s)',
};

function dataset(ref: Ref, columns: TableColumns, withSchema: boolean): Record<string, unknown> {
  const fields = withSchema && ref.namespace === WAREHOUSE_NS ? columns.get(ref.name) : undefined;
  return {
    namespace: ref.namespace,
    name: ref.name,
    ...(fields ? { facets: { schema: { _producer: PRODUCER, _schemaURL: SCHEMA_FACET, fields } } } : {}),
  };
}

/** The raw events (as a producer would post them) of the runs a load makes. */
export function loadEvents(plan: LoadPlan, columns: TableColumns, now: Date): unknown[] {
  const events: unknown[] = [];
  for (const r of RUNS) {
    const outcome = plan.jobs[r.from];
    if (outcome === 'skip') continue;
    const runId = randomUUID();
    const base = {
      producer: PRODUCER,
      schemaURL: RUN_EVENT,
      job: {
        namespace: JOB_NS,
        name: r.job,
        facets: {
          documentation: {
            _producer: PRODUCER,
            _schemaURL:
              'https://openlineage.io/spec/facets/1-0-1/DocumentationJobFacet.json#/$defs/DocumentationJobFacet',
            description: r.description,
          },
        },
      },
      inputs: r.inputs.map((d) => dataset(d, columns, false)),
    };
    events.push({
      ...base,
      eventType: 'START',
      eventTime: new Date(now.getTime() - 2 * MINUTE).toISOString(),
      run: { runId },
      outputs: r.outputs.map((d) => dataset(d, columns, false)),
    });
    const failed = outcome === 'fail';
    events.push({
      ...base,
      eventType: failed ? 'FAIL' : 'COMPLETE',
      eventTime: now.toISOString(),
      run: {
        runId,
        ...(failed
          ? {
              facets: {
                errorMessage: {
                  _producer: PRODUCER,
                  _schemaURL: ERROR_FACET,
                  message: ERRORS[r.from] ?? `${r.job} failed`,
                  programmingLanguage: 'python',
                },
              },
            }
          : {}),
      },
      outputs: r.outputs.map((d) => dataset(d, columns, !failed)),
    });
  }
  return events;
}
