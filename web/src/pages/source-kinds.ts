/**
 * The form fields of each source kind, matching the engines' config schemas in src/sources/.
 * Secret fields go to the API's write-only `secrets` and are never shown again. A kind not
 * listed here can still be added with "other" (config as JSON).
 */
export interface KindField {
  key: string;
  label: string;
  type: 'text' | 'number' | 'checkbox' | 'password';
  required?: boolean;
  initial?: string | boolean;
  hint?: string;
  secret?: boolean;
}

export const SOURCE_KINDS: Record<string, { label: string; fields: KindField[] }> = {
  duckdb: {
    label: 'DuckDB',
    fields: [
      {
        key: 'path',
        label: 'Database file',
        type: 'text',
        required: true,
        initial: ':memory:',
        hint: "a .duckdb file on the server (opened read-only for each check), or ':memory:'",
      },
    ],
  },
  postgres: {
    label: 'PostgreSQL',
    fields: [
      { key: 'host', label: 'Host', type: 'text', required: true },
      { key: 'port', label: 'Port', type: 'number', initial: '5432' },
      { key: 'database', label: 'Database', type: 'text', required: true },
      { key: 'user', label: 'User', type: 'text', required: true },
      { key: 'password', label: 'Password', type: 'password', secret: true },
      { key: 'ssl', label: 'Use TLS', type: 'checkbox', initial: false },
    ],
  },
  mysql: {
    label: 'MySQL / MariaDB',
    fields: [
      { key: 'host', label: 'Host', type: 'text', required: true },
      { key: 'port', label: 'Port', type: 'number', initial: '3306' },
      { key: 'database', label: 'Database', type: 'text', required: true },
      { key: 'user', label: 'User', type: 'text', required: true },
      { key: 'password', label: 'Password', type: 'password', secret: true },
    ],
  },
};

export type FieldValues = Record<string, string | boolean>;

export function initialValues(kind: string): FieldValues {
  const v: FieldValues = {};
  for (const f of SOURCE_KINDS[kind]?.fields ?? [])
    v[f.key] = f.initial ?? (f.type === 'checkbox' ? false : '');
  return v;
}

/** Splits form values into the shown config and the write-only secrets; empty fields are left out. */
export function toConfig(
  kind: string,
  values: FieldValues,
): { config: Record<string, unknown>; secrets: Record<string, unknown> } {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const f of SOURCE_KINDS[kind]?.fields ?? []) {
    const v = values[f.key];
    if (v === undefined || v === '') continue;
    const value = f.type === 'number' ? Number(v) : v;
    (f.secret ? secrets : config)[f.key] = value;
  }
  return { config, secrets };
}
