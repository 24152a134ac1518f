import type { ProfileAccuracy } from '../source.js';
import type { Dialect } from './dialect.js';
import type { Stmt } from './driver.js';
import { compilePlan, type TypedColumnPlan } from './metric-plan.js';
import { backfillSql, Params, profileSql, segmentSql } from './statements.js';

/**
 * The statements a plan becomes in one dialect, without a connection: for engines that have a
 * dialect but no driver yet, for snapshot tests, and for showing an admin what will run.
 */
export function renderPlan(
  dialect: Dialect,
  table: string,
  plan: { columns: TypedColumnPlan[]; asOf?: Date; accuracy?: ProfileAccuracy },
  extra: {
    segment?: { column: string; limit: number };
    backfill?: { timestampColumn: string; bucket: 'hour' | 'day'; since: Date };
  } = {},
): { profile: Stmt; segment?: Stmt; backfill?: Stmt } {
  const asOf = plan.asOf ?? new Date(0);
  const typed = plan.columns;
  const build = () => {
    const params = new Params(dialect);
    return { params, compiled: compilePlan(dialect, typed, asOf, params, plan.accuracy) };
  };
  const p = build();
  const out: { profile: Stmt; segment?: Stmt; backfill?: Stmt } = {
    profile: { sql: profileSql(dialect, table, p.compiled), params: p.params.values },
  };
  if (extra.segment) {
    const s = build();
    out.segment = {
      sql: segmentSql(dialect, table, extra.segment.column, extra.segment.limit, s.compiled),
      params: s.params.values,
    };
  }
  if (extra.backfill) {
    const b = build();
    const since = b.params.timestamp(extra.backfill.since);
    const until = b.params.timestamp(asOf);
    const sql = backfillSql(
      dialect,
      table,
      extra.backfill.timestampColumn,
      extra.backfill.bucket,
      since,
      until,
      b.compiled,
    );
    out.backfill = { sql, params: b.params.values };
  }
  return out;
}
