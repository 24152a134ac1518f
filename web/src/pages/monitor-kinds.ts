import type { MonitorKind } from '../api/types.js';

/**
 * Form fields per monitor kind, matching the kinds' config schemas in
 * src/services/monitor-kinds/. `path` is where the value goes in `config`.
 */
export interface MonitorField {
  path: string[];
  label: string;
  type: 'text' | 'number' | 'textarea' | 'select' | 'list';
  options?: string[];
  required?: boolean;
  hint?: string;
}

const sensitivity: MonitorField = {
  path: ['detection', 'sensitivity'],
  label: 'Sensitivity',
  type: 'select',
  options: ['medium', 'low', 'high'],
  hint: 'how far from the learned band a value must be to fail',
};

export const MONITOR_KIND_FORMS: Record<MonitorKind, { blurb: string; fields: MonitorField[] }> = {
  freshness: {
    blurb: 'How old the newest data is; fails when the table stops updating.',
    fields: [
      {
        path: ['timestampColumn'],
        label: 'Timestamp column',
        type: 'text',
        hint: 'else the engine metadata',
      },
      {
        path: ['maxAgeMinutes'],
        label: 'Max age (minutes)',
        type: 'number',
        hint: 'else the update habit is learned',
      },
      sensitivity,
    ],
  },
  volume: {
    blurb: 'Rows added (or the row count) against a learned, seasonal band.',
    fields: [
      { path: ['on'], label: 'Measure', type: 'select', options: ['rows_added', 'row_count'] },
      sensitivity,
    ],
  },
  schema: { blurb: 'Columns added, removed or retyped since the last run.', fields: [] },
  column_health: {
    blurb: 'Null rate, distinct count, min/max and more for each column, in one scan.',
    fields: [
      { path: ['columns'], label: 'Columns', type: 'list', hint: 'comma-separated; empty means all' },
      sensitivity,
    ],
  },
  custom_sql: {
    blurb: 'A SQL query whose value is judged, or whose rows are violations.',
    fields: [
      { path: ['sql'], label: 'SQL', type: 'textarea', required: true },
      { path: ['mode'], label: 'Mode', type: 'select', options: ['value', 'failing_rows'] },
      sensitivity,
    ],
  },
  threshold: {
    blurb: 'A metric within fixed bounds.',
    fields: [
      {
        path: ['metric'],
        label: 'Metric',
        type: 'text',
        required: true,
        hint: 'row_count, age_seconds or <column>.<metric> such as amount.null_rate',
      },
      { path: ['bounds', 'min'], label: 'Minimum', type: 'number' },
      { path: ['bounds', 'max'], label: 'Maximum', type: 'number' },
    ],
  },
};

/** Builds the kind's config from form values (keyed by path joined with '.'); empty values are left out. */
export function buildConfig(kind: MonitorKind, values: Record<string, string>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of MONITOR_KIND_FORMS[kind].fields) {
    const raw = values[f.path.join('.')]?.trim() ?? '';
    if (!raw) continue;
    const value =
      f.type === 'number'
        ? Number(raw)
        : f.type === 'list'
          ? raw
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : raw;
    let at = config;
    for (const key of f.path.slice(0, -1)) {
      at[key] = (at[key] as Record<string, unknown> | undefined) ?? {};
      at = at[key] as Record<string, unknown>;
    }
    at[f.path[f.path.length - 1]!] = value;
  }
  if (kind === 'threshold' && !config.bounds) config.bounds = {};
  return config;
}

/** The form values (keyed by path joined with '.') of a saved config, for the edit form. */
export function valuesFromConfig(kind: MonitorKind, config: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of MONITOR_KIND_FORMS[kind].fields) {
    let at: unknown = config;
    for (const key of f.path) at = (at as Record<string, unknown> | undefined)?.[key];
    if (at === undefined || at === null) continue;
    values[f.path.join('.')] = Array.isArray(at) ? at.join(', ') : String(at);
  }
  return values;
}

/**
 * The saved config with the form's fields replaced: keys the form does not show (bounds on custom
 * SQL, a cost budget, a timeout set through the API) survive an edit in the UI.
 */
export function mergeConfig(
  kind: MonitorKind,
  saved: Record<string, unknown>,
  values: Record<string, string>,
): Record<string, unknown> {
  const config = structuredClone(saved);
  for (const f of MONITOR_KIND_FORMS[kind].fields) {
    let at: Record<string, unknown> | undefined = config;
    for (const key of f.path.slice(0, -1)) at = at?.[key] as Record<string, unknown> | undefined;
    if (at) delete at[f.path[f.path.length - 1]!];
  }
  const merge = (into: Record<string, unknown>, from: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(from)) {
      const cur = into[k];
      if (v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object')
        merge(cur as Record<string, unknown>, v as Record<string, unknown>);
      else into[k] = v;
    }
  };
  merge(config, buildConfig(kind, values));
  return config;
}
