import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDirLock, type DirLock } from './dir-lock.js';
import { surviveDroppedConnections } from './dialects/pg-pool-errors.js';
import { PGliteDialect } from './dialects/pglite-dialect.js';
import { describeConnectionError, describeDatabaseUrl } from './connection-errors.js';
import { migrateToLatest, pendingMigrations } from './migrator.js';
import { keepNewFilesPrivate, makePrivateDir, tightenTree } from './private-files.js';
import type { Database } from './schema.js';

export type StoreKind = 'pglite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: StoreKind;
  /** Where the data lives, safe to print (never a password). */
  readonly location: string;
  migrate(): Promise<string[]>;
  /** True when the store answers and every migration has run. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A PostgreSQL server. When absent, the embedded store is used. */
  databaseUrl?: string | undefined;
  /** The embedded store's folder; `memory` keeps it in memory (tests). */
  dataDir?: string | 'memory' | undefined;
}

/** Thrown when the store cannot be opened; the message names the place and reason, no secrets. */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

// int8 and numeric come back as numbers on both dialects: counts and ids here stay below 2^53,
// and one representation keeps repositories free of per-dialect conversions.
const toNumber = (value: string) => Number(value);
const INT8 = 20;
const NUMERIC = 1700;

async function openPostgres(url: string): Promise<Store> {
  const where = describeDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 || oid === NUMERIC
          ? toNumber
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  surviveDroppedConnections(pool);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreOpenError(`cannot connect to PostgreSQL at ${where}: ${describeConnectionError(error)}`);
  }
  return wrap(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres', where);
}

async function openPglite(dataDir: string | 'memory'): Promise<Store> {
  let lock: DirLock | undefined;
  let dir: string | undefined;
  if (dataDir !== 'memory') {
    const root = resolve(dataDir);
    keepNewFilesPrivate();
    makePrivateDir(root);
    lock = acquireDirLock(root);
    dir = join(root, 'store');
    // A data dir left open by an older Vigil or a loose umask is closed before it is used.
    tightenTree(root);
  }
  try {
    const pglite = await PGlite.create({ dataDir: dir, parsers: { [INT8]: toNumber, [NUMERIC]: toNumber } });
    // PGlite lays out a new store with an explicit chmod to 0666 (no umask helps there); the
    // folder was private all along, and from here on every file in it is too.
    if (dir) tightenTree(dir);
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return wrap(db, 'pglite', dir ?? 'memory', () => lock?.release());
  } catch (error) {
    lock?.release();
    throw new StoreOpenError(`cannot open the embedded store at ${dir}: ${(error as Error).message}`);
  }
}

function wrap(db: Kysely<Database>, kind: StoreKind, location: string, onClose?: () => void): Store {
  let closed = false;
  return {
    db,
    kind,
    location,
    migrate: () => migrateToLatest(db),
    async isReady() {
      try {
        return (await pendingMigrations(db)).length === 0;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      onClose?.();
    },
  };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir ?? '.vigil');
}
