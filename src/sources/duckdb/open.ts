import { availableParallelism } from 'node:os';
import { resolve, sep } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { SourceError } from '../errors.js';
import { isLockConflict, mapDuckDbError } from './errors.js';

export const IN_MEMORY = ':memory:';

export interface LakeTable {
  name: string;
  path: string;
  format: 'parquet' | 'csv';
}

export interface OpenOptions {
  path: string;
  lake: LakeTable[];
  /** How long to keep retrying while a writer holds the file locked. */
  lockWaitMs: number;
  /** DuckDB's worker threads for this database. */
  threads: number;
}

/**
 * DuckDB runs inside Vigil's process: left to its default it takes every core, and a heavy check or
 * preview then starves the API (sign-in, /healthz). One core stays for the rest of Vigil.
 */
export function defaultDuckDbThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

const sqlString = (s: string) => `'${s.split("'").join("''")}'`;
const sqlIdent = (s: string) => `"${s.split('"').join('""')}"`;
const sqlList = (items: string[]) => `[${items.map(sqlString).join(', ')}]`;
const GLOB = /[*?[{]/;

/**
 * What user SQL may read besides the database: each lake file, or for a glob the folder above its
 * first wildcard. Everything else on the host stays out of reach.
 */
export function lakeAccess(lake: LakeTable[]): { directories: string[]; paths: string[] } {
  const directories = new Set<string>();
  const paths = new Set<string>();
  for (const t of lake) {
    const abs = resolve(t.path);
    if (!GLOB.test(abs)) {
      paths.add(abs);
      continue;
    }
    const parts = abs.split(sep);
    const fixed = parts.slice(
      0,
      parts.findIndex((p) => GLOB.test(p)),
    );
    directories.add(`${fixed.join(sep) || ''}${sep}`);
  }
  return { directories: [...directories], paths: [...paths] };
}

/**
 * Set when the instance is made, before any SQL runs. A file is opened read-only, which also means
 * a missing path fails instead of creating a database.
 */
function creationOptions(path: string): Record<string, string> {
  return {
    ...(path === IN_MEMORY ? {} : { access_mode: 'READ_ONLY' }),
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    allow_unsigned_extensions: 'false',
    // Spilling would write `<file>.tmp` beside the team's warehouse: past the memory limit a query
    // fails instead.
    temp_directory: '',
  };
}

const pause = (ms: number) => new Promise((go) => setTimeout(go, ms));

/** A writer holds its lock only while it loads: retry briefly rather than fail the check at once. */
async function createPatiently(path: string, lockWaitMs: number, threads: number): Promise<DuckDBInstance> {
  const started = performance.now();
  for (let wait = 25; ; wait = Math.min(wait * 2, 400)) {
    try {
      return await DuckDBInstance.create(path, { ...creationOptions(path), threads: String(threads) });
    } catch (e) {
      const left = lockWaitMs - (performance.now() - started);
      if (!isLockConflict(e instanceof Error ? e.message : '') || left <= 0) throw e;
      await pause(Math.min(wait, left));
    }
  }
}

/**
 * Settings that need the built-in extensions loaded (TimeZone is ICU's), then the lake views, then
 * the lock: after it no statement can turn external access back on, widen the allowed paths, or
 * load an extension.
 */
async function harden(instance: DuckDBInstance, opts: OpenOptions): Promise<void> {
  const c = await instance.connect();
  try {
    await c.run("SET GLOBAL TimeZone = 'UTC'");
    const access = lakeAccess(opts.lake);
    if (access.directories.length > 0)
      await c.run(`SET GLOBAL allowed_directories = ${sqlList(access.directories)}`);
    if (access.paths.length > 0) await c.run(`SET GLOBAL allowed_paths = ${sqlList(access.paths)}`);
    await c.run('SET GLOBAL enable_external_access = false');
    if (opts.lake.length > 0) {
      const own = (await c.runAndReadAll('SELECT current_database()')).getRows()[0]?.[0];
      if (own === 'lake')
        throw new SourceError(
          'INVALID_CONFIG',
          'a DuckDB file named lake.* cannot also show lake views: rename it',
        );
      // A read-only file cannot hold the views: an in-memory catalog named lake does, and DuckDB
      // resolves lake.<name> to it when the warehouse has no schema of that name.
      await c.run("ATTACH ':memory:' AS lake (READ_WRITE)");
      for (const t of opts.lake) {
        const reader = t.format === 'parquet' ? 'read_parquet' : 'read_csv_auto';
        await c.run(
          `CREATE VIEW lake.main.${sqlIdent(t.name)} AS SELECT * FROM ${reader}(${sqlString(resolve(t.path))})`,
        );
      }
    }
    await c.run('SET GLOBAL lock_configuration = true');
  } finally {
    c.closeSync();
  }
}

/** Opens the database with external access off and the configuration locked; throws SourceError. */
export async function openHardened(opts: OpenOptions): Promise<DuckDBInstance> {
  let instance: DuckDBInstance;
  try {
    instance = await createPatiently(opts.path, opts.lockWaitMs, opts.threads);
  } catch (e) {
    throw mapDuckDbError(e, opts.path, opts.lockWaitMs);
  }
  try {
    await harden(instance, opts);
    return instance;
  } catch (e) {
    instance.closeSync();
    throw mapDuckDbError(e, opts.path, opts.lockWaitMs);
  }
}
