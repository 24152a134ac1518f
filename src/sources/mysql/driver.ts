import mysql from 'mysql2/promise';
import { SourceError } from '../errors.js';
import type { DriverAnswer, ExecOptions, SqlDriver } from '../sql/driver.js';

export interface MySqlDriverOptions {
  host: string;
  port: number;
  database?: string | undefined;
  user: string;
  password?: string | undefined;
  ssl: boolean;
  connectTimeoutMs: number;
  maxConnections: number;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
]);
const TIMEOUT_ERRNOS = new Set([1317, 1969, 3024]);

/**
 * A connection that broke under a statement: the client lost the socket, or the server ended the
 * session (KILL CONNECTION: 1927 on MariaDB; shutdown: 1053; gone away / lost: 2006, 2013).
 */
const LOST_CODES = new Set(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const LOST_ERRNOS = new Set([1053, 1927, 2006, 2013]);

export function isLostConnection(e: unknown): boolean {
  const err = e as { code?: unknown; errno?: unknown };
  return (
    (typeof err?.code === 'string' && LOST_CODES.has(err.code)) ||
    (typeof err?.errno === 'number' && LOST_ERRNOS.has(err.errno))
  );
}

export function lostConnection(o: Pick<MySqlDriverOptions, 'host' | 'port'>): SourceError {
  const where = `${o.host}:${o.port}`;
  return new SourceError(
    'SOURCE_UNREACHABLE',
    `lost the connection to MySQL at ${where} during the query (the server ended the session or restarted); the next run reconnects`,
    { host: where },
  );
}

export function mapMySqlError(
  e: unknown,
  o: Pick<MySqlDriverOptions, 'host' | 'port' | 'database' | 'user'>,
): SourceError {
  const err = e as { code?: unknown; errno?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : '';
  const errno = typeof err?.errno === 'number' ? err.errno : 0;
  const msg = typeof err?.message === 'string' ? err.message : '';
  const where = `${o.host}:${o.port}`;
  const quoted = /'([^'\n]{1,255})'/.exec(msg)?.[1];
  const engineCode = errno ? String(errno) : code;
  if (UNREACHABLE.has(code))
    return new SourceError('SOURCE_UNREACHABLE', `cannot reach MySQL at ${where}`, { host: where });
  if (errno === 1045 || errno === 1044 || errno === 1698) {
    return new SourceError(
      'SOURCE_AUTH_FAILED',
      `MySQL at ${where} refused the credentials of user ${o.user}`,
      { host: where, engineCode },
    );
  }
  if (errno === 1049)
    return new SourceError('SOURCE_UNREACHABLE', `database ${o.database ?? ''} does not exist on ${where}`, {
      host: where,
      engineCode,
    });
  if (errno === 1146) {
    return new SourceError(
      'TABLE_NOT_FOUND',
      quoted ? `table ${quoted} not found` : 'a table the query reads does not exist',
      { ...(quoted ? { table: quoted } : {}), engineCode },
    );
  }
  if (errno === 1054) {
    return new SourceError(
      'COLUMN_NOT_FOUND',
      quoted ? `column ${quoted} not found` : 'a column the query names does not exist',
      { ...(quoted ? { column: quoted } : {}), engineCode },
    );
  }
  if (TIMEOUT_ERRNOS.has(errno))
    return new SourceError('QUERY_TIMEOUT', 'the query ran past its time limit and was cancelled', {
      engineCode,
    });
  if (errno === 1792)
    return new SourceError(
      'SQL_NOT_READ_ONLY',
      'the statement tried to write inside a read-only transaction',
      { engineCode },
    );
  if (errno === 1142 || errno === 1143)
    return new SourceError('QUERY_FAILED', `user ${o.user} lacks a privilege the query needs`, {
      engineCode,
    });
  if (errno === 1064) return new SourceError('QUERY_FAILED', 'the query has a syntax error', { engineCode });
  return new SourceError(
    'QUERY_FAILED',
    engineCode ? `the query failed (error ${engineCode})` : 'the query failed',
    engineCode ? { engineCode } : {},
  );
}

/** Time left to the server's own limit before the client kills the statement itself. */
const KILL_GRACE_MS = 250;

const ignore = () => undefined;

/**
 * MySQL 8 and MariaDB through mysql2. Sessions run in UTC and read-only (SET SESSION TRANSACTION
 * READ ONLY: a second wall behind the guard; it does not stop INTO OUTFILE, the guard does); MySQL
 * 8's 24-hour cache of table statistics is turned off per session (information_schema_stats_expiry
 * = 0; MariaDB has no such cache and ignores it). A timeout is enforced twice: the server's own
 * statement limit (max_execution_time on MySQL, max_statement_time on MariaDB) and a client KILL
 * QUERY. A connection that breaks under a statement is destroyed, never returned to the pool.
 */
export class MySqlDriver implements SqlDriver {
  private readonly pool: mysql.Pool;
  private flavor: Promise<'mariadb' | 'mysql'> | undefined;

  constructor(private readonly o: MySqlDriverOptions) {
    this.pool = mysql.createPool({
      host: o.host,
      port: o.port,
      user: o.user,
      password: o.password ?? '',
      ...(o.database ? { database: o.database } : {}),
      ...(o.ssl ? { ssl: { rejectUnauthorized: false } } : {}),
      connectTimeout: o.connectTimeoutMs,
      connectionLimit: o.maxConnections,
      dateStrings: true,
      decimalNumbers: true,
      supportBigNumbers: true,
      multipleStatements: false,
    });
    this.pool.pool.on('connection', (conn) => {
      // mysql2 listens for a pool connection's first 'error' only; a second one (a write after
      // the socket died) would end the process without a listener of ours.
      conn.on('error', ignore);
      conn.query("SET time_zone = '+00:00'", ignore);
      conn.query('SET SESSION TRANSACTION READ ONLY', ignore);
      conn.query('SET SESSION information_schema_stats_expiry = 0', ignore);
    });
  }

  private async getFlavor(conn: mysql.PoolConnection): Promise<'mariadb' | 'mysql'> {
    this.flavor ??= conn
      .query('SELECT VERSION() AS v')
      .then(([rows]) =>
        /mariadb/i.test(String((rows as Array<{ v: unknown }>)[0]?.v)) ? 'mariadb' : 'mysql',
      );
    return this.flavor.catch((e: unknown) => {
      this.flavor = undefined;
      throw e;
    });
  }

  private async kill(threadId: number): Promise<void> {
    try {
      await this.pool.query(`KILL QUERY ${Math.floor(threadId)}`);
    } catch {
      // The statement may have ended in the meantime; nothing to undo.
    }
  }

  async exec(sql: string, params: unknown[], opts: ExecOptions): Promise<DriverAnswer> {
    let conn: mysql.PoolConnection;
    try {
      conn = await this.pool.getConnection();
    } catch (e) {
      this.flavor = undefined;
      throw mapMySqlError(e, this.o);
    }
    let timedOut = false;
    let broken = false;
    let timer: NodeJS.Timeout | undefined;
    const ms = Math.max(1, Math.floor(opts.timeoutMs));
    try {
      const flavor = await this.getFlavor(conn);
      await conn.query(
        flavor === 'mariadb'
          ? `SET SESSION max_statement_time = ${ms / 1000}`
          : `SET SESSION max_execution_time = ${ms}`,
      );
      if (opts.readOnly) await conn.query('START TRANSACTION READ ONLY');
      timer = setTimeout(() => {
        timedOut = true;
        void this.kill(conn.threadId);
      }, ms + KILL_GRACE_MS);
      const [rows, fields] = await conn.query({ sql, values: params, rowsAsArray: false });
      if (timedOut) throw new SourceError('QUERY_TIMEOUT', `the query ran past ${ms} ms and was cancelled`);
      const list = Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
      return { columns: (fields ?? []).map((f) => f.name), rows: list };
    } catch (e) {
      if (e instanceof SourceError) throw e;
      if (isLostConnection(e)) {
        broken = true;
        throw lostConnection(this.o);
      }
      if (timedOut) throw new SourceError('QUERY_TIMEOUT', `the query ran past ${ms} ms and was cancelled`);
      throw mapMySqlError(e, this.o);
    } finally {
      clearTimeout(timer);
      await this.giveBack(conn, broken, opts.readOnly === true);
    }
  }

  /** Returns a healthy connection to the pool; destroys one that broke or whose state is unknown. */
  private async giveBack(conn: mysql.PoolConnection, broken: boolean, inTransaction: boolean): Promise<void> {
    if (!broken) {
      try {
        if (inTransaction) await conn.query('ROLLBACK');
        conn.release();
        return;
      } catch {
        // The connection died between the query and the rollback: drop it below.
      }
    }
    conn.destroy();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
