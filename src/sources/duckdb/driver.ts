import { type DuckDBConnection, type DuckDBInstance, StatementType } from '@duckdb/node-api';
import { SourceError } from '../errors.js';
import type { DriverAnswer, ExecOptions, SqlDriver } from '../sql/driver.js';
import { invalidatesDatabase, mapDuckDbError } from './errors.js';
import { defaultDuckDbThreads, IN_MEMORY, type LakeTable, openHardened } from './open.js';

export type { LakeTable } from './open.js';
export { mapDuckDbError } from './errors.js';

export interface DuckDbDriverOptions {
  path: string;
  lake: LakeTable[];
  /** How long opening retries while a writer holds the file locked (default 3 s). */
  lockWaitMs?: number;
  /** Threads DuckDB may use for one database (default: every core but one, at least one). */
  threads?: number;
}

/** One opened database, shared by the statements in flight on it. */
interface Session {
  instance: Promise<DuckDBInstance>;
  users: number;
  openedAt: number;
}

/**
 * A session stops taking new statements after this long, so that under back-to-back checks a
 * replaced file is still read within seconds; it closes once its last statement ends.
 */
const SESSION_REUSE_MS = 5_000;
const DEFAULT_LOCK_WAIT_MS = 3_000;

/**
 * DuckDB in-process. A file is opened read-only when a statement needs it and closed as soon as
 * none is in flight: DuckDB locks the file while it is open, and the team's loader must be able to
 * write between checks. Each open reads the file as it is then, so a replaced or deleted file is
 * noticed by the next check. An in-memory database has no file and stays open.
 * Each statement gets its own connection, so a timeout interrupts that statement only.
 */
export class DuckDbDriver implements SqlDriver {
  private current: Session | undefined;
  private readonly lockWaitMs: number;

  constructor(private readonly opts: DuckDbDriverOptions) {
    this.lockWaitMs = opts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  }

  private get inMemory(): boolean {
    return this.opts.path === IN_MEMORY;
  }

  private acquire(): Session {
    const c = this.current;
    if (c && (this.inMemory || performance.now() - c.openedAt < SESSION_REUSE_MS)) {
      c.users++;
      return c;
    }
    if (c) this.retire(c);
    const s: Session = {
      instance: openHardened({
        path: this.opts.path,
        lake: this.opts.lake,
        lockWaitMs: this.lockWaitMs,
        threads: this.opts.threads ?? defaultDuckDbThreads(),
      }),
      users: 1,
      openedAt: performance.now(),
    };
    // A failed open is not kept: the next statement tries again.
    s.instance.catch(() => {
      if (this.current === s) this.current = undefined;
    });
    this.current = s;
    return s;
  }

  private release(s: Session): void {
    s.users--;
    if (s.users > 0) return;
    if (s !== this.current) {
      void shut(s);
      return;
    }
    if (this.inMemory) return;
    // The statements of one check follow each other within a turn of the event loop: keep the file
    // open across them, and close it when the loop comes round with nothing in flight.
    setImmediate(() => {
      if (s.users === 0 && s === this.current) this.retire(s);
    });
  }

  /** Takes no new statements; closes now when idle, else when its last statement ends. */
  private retire(s: Session): void {
    if (this.current === s) this.current = undefined;
    if (s.users === 0) shut(s);
  }

  private async withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const s = this.acquire();
    try {
      const c = await (await s.instance).connect();
      try {
        return await fn(c);
      } finally {
        c.closeSync();
      }
    } catch (e) {
      if (invalidatesDatabase(e instanceof Error ? e.message : '')) this.retire(s);
      throw e;
    } finally {
      this.release(s);
    }
  }

  async exec(sql: string, params: unknown[], opts: ExecOptions): Promise<DriverAnswer> {
    let timedOut = false;
    try {
      return await this.withConnection(async (c) => {
        const timer = setTimeout(() => {
          timedOut = true;
          c.interrupt();
        }, opts.timeoutMs);
        try {
          const reader = await c.runAndReadAll(sql, params as string[]);
          return { columns: reader.columnNames(), rows: reader.getRowObjectsJS() };
        } finally {
          clearTimeout(timer);
        }
      });
    } catch (e) {
      if (timedOut)
        throw new SourceError('QUERY_TIMEOUT', `the query ran past ${opts.timeoutMs} ms and was cancelled`);
      throw mapDuckDbError(e, this.opts.path, this.lockWaitMs);
    }
  }

  /** DuckDB's own parser says how many statements there are and what each one is. */
  async checkStatement(sql: string): Promise<SourceError | null> {
    try {
      return await this.withConnection(async (c) => {
        const extracted = await c.extractStatements(sql);
        if (extracted.count !== 1)
          return new SourceError('SQL_NOT_READ_ONLY', 'custom SQL rejected: only one statement is allowed');
        const prepared = await extracted.prepare(0);
        if (prepared.statementType !== StatementType.SELECT)
          return new SourceError('SQL_NOT_READ_ONLY', 'custom SQL rejected: only SELECT queries are allowed');
        return null;
      });
    } catch (e) {
      return mapDuckDbError(e, this.opts.path, this.lockWaitMs);
    }
  }

  async close(): Promise<void> {
    const s = this.current;
    this.current = undefined;
    if (s && s.users === 0) await shut(s);
  }
}

/** Closing the instance releases DuckDB's lock on the file. */
function shut(s: Session): Promise<void> {
  return s.instance.then(
    (i) => {
      try {
        i.closeSync();
      } catch {
        // Already closed, or invalidated by a fatal error: either way the file is let go.
      }
    },
    () => undefined,
  );
}
