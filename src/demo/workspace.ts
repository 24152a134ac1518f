import type { Vigil } from '../app.js';
import type { Actor } from '../domain/roles.js';
import { parseOpenLineageBatch } from '../ingest/openlineage/index.js';
import { outboundPolicy } from '../notify/index.js';
import { backfillMonitor } from '../services/backfill-monitor.js';
import { fullName, upsertAsset, upsertEdge } from '../services/catalog/asset-store.js';
import { ingestLineage } from '../services/catalog/ingest-lineage.js';
import { updateAsset } from '../services/catalog/update-asset.js';
import { parseRouting, ROUTING_SETTING } from '../services/alerts/routing-config.js';
import { createChannel } from '../services/channels.js';
import { mutate, type ServiceContext } from '../services/context.js';
import { createHeartbeat } from '../services/heartbeats.js';
import { setAssetRunbook } from '../services/incidents/runbooks.js';
import { createMonitor, monitorInputSchema } from '../services/monitors.js';
import { createSlo } from '../services/slo/create-slo.js';
import { createSource } from '../services/sources.js';
import { json } from '../store/executor.js';
import { writeCheckHistory } from './check-history.js';
import { type TableColumns, loadEvents } from './lineage-events.js';
import { demoMonitors, SOURCE_NAME } from './monitor-specs.js';
import type { LoadPlan } from './shop-model.js';
import { demoSlos, SLO_MONITORS } from './slo-specs.js';
import { HOUR, table } from './timeline.js';
import type { Warehouse } from './warehouse.js';

/** Who sets the demo up, in the audit trail. */
export const DEMO_ACTOR: Actor = { kind: 'user', id: 'demo', name: 'demo setup', role: 'admin' };
export const INBOX_CHANNEL = 'demo-inbox';
export const HEARTBEAT_NAME = 'crm-sync';

const CURATION: Record<string, { owner: string; domain: string; tags: string[]; description: string }> = {
  'raw.orders': {
    owner: 'data-eng',
    domain: 'sales',
    tags: ['tier-1'],
    description: 'Orders, as extracted every hour.',
  },
  'raw.order_items': { owner: 'data-eng', domain: 'sales', tags: ['tier-1'], description: 'Order lines.' },
  'raw.customers': {
    owner: 'growth',
    domain: 'customers',
    tags: ['pii'],
    description: 'Customers and their contacts.',
  },
  'raw.products': { owner: 'data-eng', domain: 'catalogue', tags: [], description: 'The product catalogue.' },
  'raw.payments': {
    owner: 'finance-data',
    domain: 'finance',
    tags: ['tier-1'],
    description: "The payment provider's latest hourly export.",
  },
  'raw.marketing_spend': {
    owner: 'growth',
    domain: 'marketing',
    tags: [],
    description: 'Ad spend per channel and hour.',
  },
  'staging.stg_orders': {
    owner: 'analytics',
    domain: 'sales',
    tags: ['tier-1'],
    description: 'One row per order.',
  },
  'staging.stg_payments': {
    owner: 'finance-data',
    domain: 'finance',
    tags: ['tier-1'],
    description: 'Every payment.',
  },
  'marts.daily_revenue': {
    owner: 'analytics',
    domain: 'finance',
    tags: ['tier-1', 'exec-dashboard'],
    description: 'Orders and revenue per day.',
  },
};

/**
 * Everything to the inbox, one notification per alert. Grouped by monitor alone (the default),
 * the alerts without one (SLO burns, pipeline runs, heartbeats) would share a group, and a page
 * would lend its severity to an SLO's ticket.
 */
const ROUTING = {
  route: {
    receiver: INBOX_CHANNEL,
    group_by: ['monitor', 'slo', 'heartbeat', 'asset', 'kind'],
    group_wait: '0s',
    group_interval: '5m',
    repeat_interval: '4h',
  },
};

const DASHBOARDS = [
  {
    name: 'dashboards/revenue',
    description: 'Daily revenue (the executive dashboard).',
    reads: ['marts.daily_revenue'],
  },
  {
    name: 'dashboards/marketing_roi',
    description: 'Revenue per ad dollar.',
    reads: ['marts.daily_revenue', 'raw.marketing_spend'],
  },
];

const FEEDS: Record<string, string> = {
  raw: 'the staging models, then the revenue mart and the executive dashboards',
  staging: 'marts.daily_revenue and the revenue dashboards',
  marts: 'the revenue and marketing ROI dashboards',
};

/** The runbook kept on each asset: who owns it, what it feeds, and the first moves. */
function assetRunbook(name: string, owner: string): string {
  const layer = name.split('.')[0] ?? 'raw';
  return [
    `# ${name}`,
    '',
    `Owner: **${owner}**. Feeds ${FEEDS[layer] ?? 'downstream models'}; see the asset's lineage for the blast radius.`,
    '',
    '1. Open the incident and read the alerts: which check is red, since when, by how much.',
    '2. Check the last pipeline runs of the jobs that write this table (Pipelines, or the asset page).',
    '3. Hold the downstream jobs with the circuit breaker (`vigil gate`) while the data is wrong.',
    `4. Post a stakeholder update for the owners downstream; hand over to ${owner} if you are not on that team.`,
    '5. When the fix lands, watch the checks go green before resolving.',
  ].join('\n');
}

export async function readColumns(read: (sql: string) => Promise<unknown[][]>): Promise<TableColumns> {
  const rows = await read(
    `SELECT table_schema || '.' || table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema IN ('raw', 'staging', 'marts') ORDER BY table_schema, table_name, ordinal_position`,
  );
  const out: TableColumns = new Map();
  for (const [t, name, type] of rows as string[][])
    out.set(t as string, [
      ...(out.get(t as string) ?? []),
      { name: name as string, type: (type as string).toLowerCase() },
    ]);
  return out;
}

/** Posts a load's OpenLineage events through the same validation and service as the HTTP intake. */
export async function postLineage(ctx: ServiceContext, events: unknown[]): Promise<void> {
  const parsed = parseOpenLineageBatch(events);
  if (!parsed.ok || parsed.value.rejected.length > 0)
    throw new Error(
      `demo lineage events refused: ${JSON.stringify(parsed.ok ? parsed.value.rejected : parsed.errors)}`,
    );
  if (parsed.value.accepted.length === 0) return;
  await ingestLineage({ ctx, input: { events: parsed.value.accepted.map((a) => a.event) } });
}

export interface Workspace {
  heartbeatToken: string;
}

/**
 * Builds the demo workspace in an empty store: the warehouse source, the inbox channel, the
 * catalog (lineage from a first round of pipeline events, owners, tags, PII, dashboards), the
 * monitors with their baselines trained on the history, the SLOs with the history's checks, and
 * the reverse-ETL heartbeat.
 */
export async function setupWorkspace(
  vigil: Vigil,
  input: { warehousePath: string; warehouse: Warehouse; history: LoadPlan[]; columns: TableColumns },
): Promise<Workspace> {
  const ctx: ServiceContext = { ...vigil.systemContext, actor: DEMO_ACTOR };
  const now = ctx.clock.now();
  await createSource({
    ctx,
    input: {
      name: SOURCE_NAME,
      kind: 'duckdb',
      description: 'The online shop warehouse (DuckDB), loaded every hour by the shop-etl pipeline.',
      config: { kind: 'duckdb', path: input.warehousePath },
    },
  });
  await createChannel({
    ctx,
    input: {
      name: INBOX_CHANNEL,
      kind: 'inbox',
      description: 'Every notification of the demo, kept in Vigil instead of sent to Slack.',
      config: {},
      deps: { policy: outboundPolicy() },
    },
  });
  parseRouting(ROUTING, [INBOX_CHANNEL]);
  await mutate(ctx, async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: ROUTING_SETTING, value: json(ROUTING) })
      .execute();
    return {
      result: undefined,
      audit: {
        action: 'routing.update',
        targetType: 'routing',
        targetId: 'routing',
        summary: 'every alert to the demo inbox, one notification per alert',
        after: ROUTING,
      },
    };
  });
  const lastHistoryLoad = input.history.at(-1);
  if (lastHistoryLoad) await postLineage(ctx, loadEvents(lastHistoryLoad, input.columns, now));
  await mutate(ctx, async (trx) => {
    for (const d of DASHBOARDS) {
      await upsertAsset(
        trx,
        {
          namespace: 'metabase://bi',
          name: d.name,
          type: 'dashboard',
          origin: 'api',
          description: d.description,
          owner: 'analytics',
        },
        now,
      );
      for (const from of d.reads)
        await upsertEdge(
          trx,
          { from: table(from), to: fullName({ namespace: 'metabase://bi', name: d.name }), columns: [] },
          now,
        );
    }
    return {
      result: undefined,
      audit: {
        action: 'catalog.dashboards',
        targetType: 'asset',
        targetId: 'metabase://bi',
        summary: 'added the demo dashboards',
      },
    };
  });
  for (const [name, c] of Object.entries(CURATION)) {
    const pii =
      name === 'raw.customers'
        ? { columns: { email: { pii: 'email' as const }, phone: { pii: 'phone' as const } } }
        : {};
    await updateAsset({ ctx, input: { name: table(name), patch: { ...c, ...pii } } });
    await setAssetRunbook({ ctx, input: { asset: table(name), content: assetRunbook(name, c.owner) } });
  }
  const deps = { sources: vigil.runner.sources, timeoutMs: 60_000 };
  const firstHourly = new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR + 15 * 60_000);
  for (const spec of demoMonitors()) {
    const monitor = await createMonitor({ ctx, input: monitorInputSchema.parse(spec) });
    if (spec.kind === 'volume') {
      const result = await backfillMonitor({ ctx, input: { monitorId: monitor.id, deps } });
      if (result.status !== 'trained')
        throw new Error(`demo backfill of ${spec.name} failed: ${result.message}`);
    }
    // Hourly checks start at a quarter past the next hour, after its load has landed.
    if (spec.schedule && 'cron' in spec.schedule)
      await mutate(ctx, async (trx) => {
        await trx
          .updateTable('monitors')
          .set({ next_run_at: firstHourly })
          .where('id', '=', monitor.id)
          .execute();
        return {
          result: undefined,
          audit: {
            action: 'monitor.update',
            targetType: 'monitor',
            targetId: monitor.id,
            summary: `first run of "${monitor.name}" at ${firstHourly.toISOString()}, after the first live load`,
          },
        };
      });
  }
  // The SLOs judge 28 days: their monitors get the four weeks of checks first (check-history.ts).
  await writeCheckHistory(ctx, {
    warehouse: input.warehouse,
    plans: input.history,
    monitors: [...SLO_MONITORS],
  });
  for (const spec of demoSlos()) await createSlo({ ctx, input: { spec } });
  const heartbeat = await createHeartbeat({
    ctx,
    input: {
      name: HEARTBEAT_NAME,
      schedule: { period: '1h' },
      grace: '10m',
      severity: 'page',
      owner: 'growth',
      labels: { team: 'growth', job: 'reverse-etl/crm_sync' },
    },
  });
  return { heartbeatToken: heartbeat.token };
}
