import type { Dialect } from '../sql/dialect.js';
import type { Stmt } from '../sql/driver.js';
import { qualified } from '../sql/identifiers.js';
import type { TypedColumnPlan } from '../sql/metric-plan.js';
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

/** Renders the plan, segments and backfill for a dialect; tests snapshot the result. */
export function renderAll(d: Dialect): { profile: Stmt; segment?: Stmt; backfill?: Stmt } {
  return renderPlan(d, qualified(d, 'sales', 'orders'), SNAPSHOT_PLAN, {
    segment: { column: 'region', limit: 10 },
    backfill: { timestampColumn: 'created_at', bucket: 'day', since: new Date('2024-05-01T00:00:00Z') },
  });
}
