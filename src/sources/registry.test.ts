import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseTableName } from './sql/identifiers.js';
import {
  createSource,
  parseSourceConfig,
  SOURCE_KINDS,
  secretFieldsFor,
  sourceConfigSchema,
  splitSourceSecrets,
} from './registry.js';

describe('source registry', () => {
  it('knows the engines by kind', () => {
    expect([...SOURCE_KINDS].sort()).toEqual(['airflow', 'duckdb', 'mysql', 'postgres', 'prometheus']);
  });

  it('marks passwords and tokens secret, in code and in the JSON schema', () => {
    expect(secretFieldsFor('postgres')).toEqual(['password']);
    expect(secretFieldsFor('mysql')).toEqual(['password']);
    expect(secretFieldsFor('prometheus')).toEqual(['headers', 'password', 'token']);
    expect(secretFieldsFor('duckdb')).toEqual([]);
    expect(secretFieldsFor('airflow')).toEqual(['password']);
    const json = JSON.stringify(z.toJSONSchema(sourceConfigSchema, { io: 'input' }));
    expect(json).toContain('"writeOnly":true');
    expect(splitSourceSecrets('postgres', { host: 'db', password: 'p' })).toEqual({
      config: { host: 'db' },
      secrets: { password: 'p' },
    });
  });

  it('validates a stored config and names bad fields, never their values', () => {
    const good = parseSourceConfig(
      'postgres',
      { host: 'db', database: 'w', user: 'u' },
      { password: 'hunter2' },
    );
    expect(good.ok && good.value).toMatchObject({ kind: 'postgres', port: 5432, password: 'hunter2' });
    const bad = parseSourceConfig('postgres', { host: 'db', port: 'x', user: 'u' }, { password: 'hunter2' });
    expect(bad.ok ? 'ok' : [bad.error.code, bad.error.message]).toEqual([
      'INVALID_CONFIG',
      'invalid postgres source config: port, database',
    ]);
    const unknown = parseSourceConfig('oracle', {});
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('INVALID_CONFIG');
  });

  it('creates a working in-process DuckDB source from a config', async () => {
    const cfg = parseSourceConfig('duckdb', {});
    if (!cfg.ok) throw cfg.error;
    const s = createSource(cfg.value);
    expect([s.kind, s.family]).toEqual(['duckdb', 'sql']);
    expect((await s.testConnection()).ok).toBe(true);
    await s.close();
  });

  it('reads table names as users type them', () => {
    expect(parseTableName('orders')).toEqual({ name: 'orders' });
    expect(parseTableName('sales.orders')).toEqual({ schema: 'sales', name: 'orders' });
    expect(parseTableName('"my.schema"."odd ""name"""')).toEqual({ schema: 'my.schema', name: 'odd "name"' });
    expect(parseTableName('a.b.c')).toBeNull();
    expect(parseTableName('a.')).toBeNull();
  });
});
