import type { Dialect } from '../sql/dialect.js';
import type { Stmt } from '../sql/driver.js';
import { qualified } from '../sql/identifiers.js';
import { compilePlan, type TypedColumnPlan } from '../sql/metric-plan.js';
import { Params } from '../sql/statements.js';
import { renderPlan } from '../sql/render.js';

export const SNAPSHOT_PLAN: { columns: TypedColumnPlan[]; asOf: Date } = {
  columns: [
    {
      name: 'amount',
      type: 'number',
      metrics: ['null_rate', 'mean', 'stddev', 'p25', 'p50', 'p75', 'p95', 'negative_count'],
    },
    { name: 'customer name', type: 'string', metrics: ['empty_count', 'avg_length', 'distinct_ratio'] },
    { name: 'created_at', type: 'timestamp', metrics: ['max', 'future_count'] },
  ],
  asOf: new Date('2024-06-01T00:00:00Z'),
};

/** The same plan with estimated distinct counts and quantiles, and which values are estimates. */
export function renderEstimated(d: Dialect): { profile: Stmt; estimated: string[] } {
  const plan = { ...SNAPSHOT_PLAN, accuracy: 'estimated' as const };
  const params = new Params(d);
  const compiled = compilePlan(d, plan.columns, plan.asOf, params, 'estimated');
  return {
    profile: renderPlan(d, qualified(d, 'sales', 'orders'), plan).profile,
    estimated: compiled.estimated.map((e) => `${e.column}.${e.metric}: ${e.method}`),
  };
}

/** Renders the plan, segments and backfill for a dialect; tests snapshot the result. */
export function renderAll(d: Dialect): { profile: Stmt; segment?: Stmt; backfill?: Stmt } {
  return renderPlan(d, qualified(d, 'sales', 'orders'), SNAPSHOT_PLAN, {
    segment: { column: 'region', limit: 10 },
    backfill: { timestampColumn: 'created_at', bucket: 'day', since: new Date('2024-05-01T00:00:00Z') },
  });
}
