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
