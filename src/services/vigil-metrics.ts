import { sql } from 'kysely';
import { Gauge, Registry } from 'prom-client';
import type { Clock } from '../domain/clock.js';
import type { Store } from '../store/database.js';

const HOUR = 3_600_000;

/**
 * Vigil's own health for Prometheus. Every gauge is read from the store at scrape time with a
 * few cheap queries, so nothing in the scheduler, dispatcher or services is instrumented and
 * several processes sharing one store report the same numbers.
 */
type GaugeMaker = (
  name: string,
  help: string,
  labelNames: string[],
  collect: (g: Gauge) => Promise<void>,
) => Gauge;

export function vigilMetrics(store: Store, clock: Clock): Registry {
  const registry = new Registry();
  const db = store.db;
  const gauge: GaugeMaker = (name, help, labelNames, collect) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        await collect(this);
      },
    });

  gauge(
    'vigil_check_runs_last_hour',
    'Check runs finished in the last hour, by status.',
    ['status'],
    async (g) => {
      const since = new Date(clock.now().getTime() - HOUR);
      for (const s of ['pass', 'fail', 'error', 'learning']) g.set({ status: s }, 0);
      const rows = await db
        .selectFrom('check_results')
        .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
        .where('at', '>', since)
        .groupBy('status')
        .execute();
      for (const r of rows) g.set({ status: r.status }, Number(r.n));
    },
  );
  gauge(
    'vigil_check_duration_seconds_last_hour',
    'Check run durations in the last hour: mean and max.',
    ['stat'],
    async (g) => {
      const since = new Date(clock.now().getTime() - HOUR);
      const r = await db
        .selectFrom('check_results')
        .select([
          sql<string | null>`avg(duration_ms)`.as('mean'),
          sql<string | null>`max(duration_ms)`.as('max'),
        ])
        .where('at', '>', since)
        .executeTakeFirst();
      g.set({ stat: 'mean' }, Number(r?.mean ?? 0) / 1000);
      g.set({ stat: 'max' }, Number(r?.max ?? 0) / 1000);
    },
  );
  gauge('vigil_check_errors_last_hour', 'Check runs that could not run in the last hour.', [], async (g) => {
    const since = new Date(clock.now().getTime() - HOUR);
    const r = await db
      .selectFrom('check_results')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('at', '>', since)
      .where('status', '=', 'error')
      .executeTakeFirst();
    g.set(Number(r?.n ?? 0));
  });
  gauge(
    'vigil_scheduler_queue_depth',
    'Enabled monitors that are due and not leased by a worker.',
    [],
    async (g) => {
      const now = clock.now();
      const r = await db
        .selectFrom('monitors')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('deleted_at', 'is', null)
        .where('enabled', '=', true)
        .where('next_run_at', '<=', now)
        .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
        .executeTakeFirst();
      g.set(Number(r?.n ?? 0));
    },
  );
  gauge(
    'vigil_outbox_messages',
    'Notification messages in the outbox, by delivery result.',
    ['status'],
    async (g) => {
      for (const s of ['pending', 'sent', 'dead']) g.set({ status: s }, 0);
      const rows = await db
        .selectFrom('outbox')
        .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('status')
        .execute();
      for (const r of rows) g.set({ status: r.status }, Number(r.n));
    },
  );
  gauge(
    'vigil_outbox_lag_seconds',
    'Age of the oldest notification still waiting to be sent.',
    [],
    async (g) => {
      const r = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.min('created_at').as('oldest'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      const oldest = r?.oldest ? new Date(r.oldest as Date).getTime() : null;
      g.set(oldest === null ? 0 : Math.max(0, (clock.now().getTime() - oldest) / 1000));
    },
  );
  gauge('vigil_open_incidents', 'Incidents not yet resolved, by severity.', ['severity'], async (g) => {
    for (const s of ['SEV1', 'SEV2', 'SEV3', 'SEV4']) g.set({ severity: s }, 0);
    const rows = await db
      .selectFrom('incidents')
      .select(['severity', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', 'not in', ['resolved', 'closed'])
      .groupBy('severity')
      .execute();
    for (const r of rows) g.set({ severity: r.severity }, Number(r.n));
  });
  gauge('vigil_firing_alerts', 'Alerts firing now, by severity.', ['severity'], async (g) => {
    for (const s of ['page', 'ticket', 'log']) g.set({ severity: s }, 0);
    const rows = await db
      .selectFrom('alerts')
      .select(['severity', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', '=', 'firing')
      .groupBy('severity')
      .execute();
    for (const r of rows) g.set({ severity: r.severity }, Number(r.n));
  });
  sloGauges(gauge, store);
  return registry;
}

/** SLO gauges from each SLO's last evaluation (the worker's pass), never recomputed per scrape. */
function sloGauges(gauge: GaugeMaker, store: Store): void {
  const rows = () =>
    store.db
      .selectFrom('slos')
      .select(['name', 'service', 'spec', 'last_evaluation'])
      .orderBy('name')
      .execute();
  type Row = Awaited<ReturnType<typeof rows>>[number];
  // prom-client collects the gauges side by side, so each reads the (small) SLO table itself.
  const make = (name: string, help: string, labelNames: string[], fill: (g: Gauge, r: Row) => void) =>
    gauge(name, help, labelNames, async (g) => {
      for (const r of await rows()) fill(g, r);
    });
  const base = (r: Row) => ({ slo: r.name, service: r.service });
  make('vigil_slo_objective_ratio', 'The SLO target (share of good events).', ['slo', 'service'], (g, r) =>
    g.set(base(r), r.spec.objective.target),
  );
  make('vigil_slo_sli_ratio', 'The indicator over the SLO period so far.', ['slo', 'service'], (g, r) => {
    const v = r.last_evaluation?.sli;
    if (v !== undefined && v !== null) g.set(base(r), v);
  });
  make(
    'vigil_slo_error_budget_remaining_ratio',
    'Share of the error budget left (1 untouched, 0 or less spent).',
    ['slo', 'service'],
    (g, r) => {
      const v = r.last_evaluation?.budgetLeft;
      if (v !== undefined && v !== null) g.set(base(r), v);
    },
  );
  make(
    'vigil_slo_burn_rate',
    'Error budget burn rate over a window.',
    ['slo', 'service', 'window'],
    (g, r) => {
      for (const [window, v] of Object.entries(r.last_evaluation?.burnRates ?? {}))
        if (v !== null) g.set({ ...base(r), window }, v);
    },
  );
  make(
    'vigil_slo_error_ratio',
    'Share of bad events over a window; `vigil slo rules` records it as slo:sli_error:ratio_rate<window>.',
    ['slo', 'service', 'window'],
    (g, r) => {
      for (const [window, v] of Object.entries(r.last_evaluation?.errorRatios ?? {}))
        if (v !== null) g.set({ ...base(r), window }, v);
    },
  );
}
