import { SourceError } from '../errors.js';
import type { ColumnInfo, MetricPlan, TableRef } from '../source.js';
import type { Call } from './call.js';
import type { SqlEngine } from './driver.js';
import { checkName, checkTable, displayName } from './identifiers.js';
import { type TypedColumnPlan, validatePlan } from './metric-plan.js';
import { toNumber } from './values.js';

/** Column look-ups and the errors that name a missing table or column. */

/** Gives a not-found error the table's name; the driver cannot always tell which. */
export function named(e: unknown, t: TableRef): unknown {
  if (e instanceof SourceError && e.code === 'TABLE_NOT_FOUND') {
    return new SourceError('TABLE_NOT_FOUND', `table ${displayName(t)} not found`, {
      ...e.context,
      table: displayName(t),
    });
  }
  return e;
}

export async function columnsOf(engine: SqlEngine, call: Call, t: TableRef): Promise<ColumnInfo[]> {
  const { rows } = await call.run(engine.describe(t.schema ?? engine.defaultSchema(), t.name));
  if (rows.length === 0)
    throw new SourceError('TABLE_NOT_FOUND', `table ${displayName(t)} not found`, {
      table: displayName(t),
    });
  return rows
    .map((r) => ({
      name: String(r.name),
      dataType: String(r.data_type),
      type: engine.dialect.logicalType(String(r.data_type)),
      nullable: r.nullable === true || String(r.nullable).toUpperCase() === 'YES',
      position: toNumber(r.position) ?? 0,
    }))
    .sort((a, b) => a.position - b.position);
}

/** Types from the plan when the caller gave them all; otherwise one catalog look-up. */
export async function typedPlan(
  engine: SqlEngine,
  call: Call,
  t: TableRef,
  plan: MetricPlan,
  extra: string[],
): Promise<TypedColumnPlan[]> {
  const bad = checkTable(t) ?? plan.columns.map((c) => checkName('column', c.name)).find((e) => e) ?? null;
  if (bad) throw bad;
  let typed: TypedColumnPlan[];
  if (plan.columns.every((c) => c.type) && extra.length === 0) {
    typed = plan.columns.map((c) => ({
      name: c.name,
      type: c.type!,
      metrics: c.metrics,
      expectedDistinct: c.expectedDistinct,
    }));
  } else {
    const cols = await columnsOf(engine, call, t);
    const byName = new Map(cols.map((c) => [c.name, c]));
    for (const name of [...plan.columns.map((c) => c.name), ...extra]) {
      if (!byName.has(name)) throw missingColumn(t, name);
    }
    typed = plan.columns.map((c) => ({
      name: c.name,
      type: c.type ?? byName.get(c.name)!.type,
      metrics: c.metrics,
      expectedDistinct: c.expectedDistinct,
    }));
  }
  const invalid = validatePlan(typed);
  if (invalid) throw invalid;
  return typed;
}

export function missingColumn(t: TableRef, column: string): SourceError {
  return new SourceError('COLUMN_NOT_FOUND', `column ${column} not found in table ${displayName(t)}`, {
    table: displayName(t),
    column,
  });
}

/** A scan failed on a missing column: find which one with a catalog look-up, for the message. */
export async function explainScanError(
  engine: SqlEngine,
  call: Call,
  e: unknown,
  t: TableRef,
  names: string[],
): Promise<unknown> {
  if (!(e instanceof SourceError) || e.code !== 'COLUMN_NOT_FOUND') return named(e, t);
  try {
    const cols = new Set((await columnsOf(engine, call, t)).map((c) => c.name));
    const missing = names.find((n) => !cols.has(n));
    return missing ? missingColumn(t, missing) : e;
  } catch (again) {
    return named(again, t);
  }
}
