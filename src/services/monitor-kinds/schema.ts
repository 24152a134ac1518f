import { z } from 'zod';
import type { ColumnInfo } from '../../sources/source.js';
import { errorOutcome, notATableSource, requireTableSource, tableRef } from './common.js';
import type { MonitorKindStrategy } from './kind.js';

const config = z.object({}).strict();

export interface SchemaColumn {
  name: string;
  dataType: string;
  position: number;
}

export interface SchemaDiff {
  added: SchemaColumn[];
  removed: SchemaColumn[];
  retyped: Array<{ name: string; from: string; to: string }>;
  reordered: Array<{ name: string; from: number; to: number }>;
}

/** Columns added, removed, retyped or moved between two snapshots. */
export function diffSchemas(before: SchemaColumn[], after: SchemaColumn[]): SchemaDiff {
  const old = new Map(before.map((c) => [c.name, c]));
  const now = new Map(after.map((c) => [c.name, c]));
  const added = after.filter((c) => !old.has(c.name));
  const removed = before.filter((c) => !now.has(c.name));
  const retyped: SchemaDiff['retyped'] = [];
  const kept: string[] = [];
  for (const c of after) {
    const was = old.get(c.name);
    if (!was) continue;
    kept.push(c.name);
    if (was.dataType !== c.dataType) retyped.push({ name: c.name, from: was.dataType, to: c.dataType });
  }
  // Order is compared among the columns both snapshots have, so one added column does not make
  // every later column look "moved".
  const oldOrder = before.filter((c) => now.has(c.name)).map((c) => c.name);
  const reordered = kept
    .map((name, to) => ({ name, from: oldOrder.indexOf(name), to }))
    .filter((m) => m.from !== m.to)
    .map((m) => ({
      name: m.name,
      from: (old.get(m.name) as SchemaColumn).position,
      to: (now.get(m.name) as SchemaColumn).position,
    }));
  return { added, removed, retyped, reordered };
}

export function describeDiff(d: SchemaDiff): string {
  const parts = [
    ...d.added.map((c) => `added ${c.name} (${c.dataType})`),
    ...d.removed.map((c) => `removed ${c.name}`),
    ...d.retyped.map((c) => `${c.name} changed type ${c.from} → ${c.to}`),
    ...(d.reordered.length ? [`reordered ${d.reordered.map((c) => c.name).join(', ')}`] : []),
  ];
  return parts.join('; ');
}

const toSchema = (cols: ColumnInfo[]): SchemaColumn[] =>
  cols.map((c) => ({ name: c.name, dataType: c.dataType, position: c.position }));

export const schemaKind: MonitorKindStrategy<z.infer<typeof config>> = {
  kind: 'schema',
  configSchema: config,
  describe: (m) => `schema of ${m.asset}: columns added, removed, retyped or reordered`,
  async run({ source, monitor, state, tag, timeoutMs }) {
    const tables = requireTableSource(source);
    if (!tables) return { outcome: notATableSource, samples: [], state, cost: { queries: 0, wallMs: 0 } };
    const res = await tables.describeTable(tableRef(monitor.asset), { tag, timeoutMs });
    if (!res.ok) return { outcome: errorOutcome(res), samples: [], state, cost: res.cost };
    const columns = toSchema(res.value);
    const previous = state.memory.columns as SchemaColumn[] | undefined;
    const samples = [{ metric: 'column_count', value: columns.length }];
    const nextState = { ...state, memory: { ...state.memory, columns } };
    if (!previous) {
      return {
        outcome: {
          status: 'pass',
          observed: columns.length,
          expected: null,
          score: 0,
          message: `recorded the schema of ${monitor.asset}: ${columns.length} columns`,
        },
        samples,
        state: nextState,
        cost: res.cost,
        schemaSnapshot: { columns, diff: null },
      };
    }
    const diff = diffSchemas(previous, columns);
    const changed = diff.added.length + diff.removed.length + diff.retyped.length + diff.reordered.length > 0;
    return {
      outcome: changed
        ? {
            status: 'fail',
            observed: columns.length,
            expected: { lower: previous.length, upper: previous.length },
            score: 1,
            message: `schema of ${monitor.asset} changed: ${describeDiff(diff)}`,
            details: { diff },
          }
        : {
            status: 'pass',
            observed: columns.length,
            expected: { lower: previous.length, upper: previous.length },
            score: 0,
            message: `schema of ${monitor.asset} unchanged (${columns.length} columns)`,
          },
      samples,
      state: nextState,
      cost: res.cost,
      ...(changed ? { schemaSnapshot: { columns, diff } } : {}),
    };
  },
};
