import pg from 'pg';
import { SourceError } from '../errors.js';
import type { DriverAnswer, ExecOptions, SqlDriver } from '../sql/driver.js';

export interface PgDriverOptions {
  host: string;
  port: number;
  database: string;
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
]);

/** Names PostgreSQL quotes in its message (a relation, a column); nothing else is kept. */
const quotedName = (msg: string) => /"([^"\n]{1,255})"/.exec(msg)?.[1];

/**
 * SQLSTATEs of a session the server ended (an admin's pg_terminate_backend, a shutdown or crash
 * restart) or a connection that broke: the query did not fail, the connection did.
 */
const CONNECTION_LOST = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006']);

export function lostConnection(o: Pick<PgDriverOptions, 'host' | 'port'>, engineCode?: string): SourceError {
  const where = `${o.host}:${o.port}`;
  return new SourceError(
    'SOURCE_UNREACHABLE',
    `lost the connection to PostgreSQL at ${where} during the query (the server ended the session or restarted); the next run reconnects`,
    { host: where, ...(engineCode ? { engineCode } : {}) },
  );
}

export function mapPgError(
  e: unknown,
  o: Pick<PgDriverOptions, 'host' | 'port' | 'database' | 'user'>,
): SourceError {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : '';
  const msg = typeof err?.message === 'string' ? err.message : '';
  const where = `${o.host}:${o.port}`;
  if (CONNECTION_LOST.has(code)) return lostConnection(o, code);
  if (/terminated unexpectedly|Connection terminated|not queryable/i.test(msg) && !/^[0-9A-Z]{5}$/.test(code))
    return lostConnection(o);
  if (UNREACHABLE.has(code) || (/timeout/i.test(msg) && !/^[0-9A-Z]{5}$/.test(code))) {
    return new SourceError('SOURCE_UNREACHABLE', `cannot reach PostgreSQL at ${where}`, { host: where });
  }
  if (code === '28P01' || code === '28000') {
    return new SourceError(
      'SOURCE_AUTH_FAILED',
      `PostgreSQL at ${where} refused the credentials of user ${o.user}`,
      { host: where, engineCode: code },
    );
  }
  if (code === '3D000') {
    return new SourceError('SOURCE_UNREACHABLE', `database ${o.database} does not exist on ${where}`, {
      host: where,
      engineCode: code,
    });
  }
  if (code === '42P01' || code === '3F000') {
    const table = quotedName(msg);
    return new SourceError(
      'TABLE_NOT_FOUND',
      table ? `table ${table} not found` : 'a table the query reads does not exist',
      { ...(table ? { table } : {}), engineCode: code },
    );
  }
  if (code === '42703') {
    const column = quotedName(msg) ?? /column ([\w.]+) does not exist/.exec(msg)?.[1];
    return new SourceError(
      'COLUMN_NOT_FOUND',
      column ? `column ${column} not found` : 'a column the query names does not exist',
      { ...(column ? { column } : {}), engineCode: code },
    );
  }
  if (code === '57014')
    return new SourceError('QUERY_TIMEOUT', 'the query ran past its time limit and was cancelled', {
      engineCode: code,
    });
  if (code === '25006')
    return new SourceError(
      'SQL_NOT_READ_ONLY',
      'the statement tried to write inside a read-only transaction',
      { engineCode: code },
    );
  if (code === '42501')
    return new SourceError('QUERY_FAILED', `user ${o.user} lacks a privilege the query needs`, {
      engineCode: code,
    });
  if (code === '42601')
    return new SourceError('QUERY_FAILED', 'the query has a syntax error', { engineCode: code });
  return new SourceError(
    'QUERY_FAILED',
    code ? `the query failed (SQLSTATE ${code})` : 'the query failed',
    code ? { engineCode: code } : {},
  );
}

/** Timestamps and dates arrive as text and are read as UTC (the session runs in UTC), never local time. */
const RAW_TEXT = new Set([1082, 1114, 1184]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    RAW_TEXT.has(oid)
      ? (v: string) => v
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Extra time past the server-side timeout before the client gives up on a silent server. */
const CLIENT_GRACE_MS = 2_000;

/** Socket failures that, once a client is checked out, mean the connection broke under the query. */
const SOCKET_BROKE = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

const ignore = () => undefined;

export class PgDriver implements SqlDriver {
  private readonly pool: pg.Pool;

  constructor(private readonly o: PgDriverOptions) {
    this.pool = new pg.Pool({
      host: o.host,
      port: o.port,
      database: o.database,
      user: o.user,
      password: o.password ?? '',
      ssl: o.ssl ? { rejectUnauthorized: false } : false,
      connectionTimeoutMillis: o.connectTimeoutMs,
      max: o.maxConnections,
      application_name: 'vigil',
      // Every session is read-only by default (a second wall behind BEGIN READ ONLY), and reads
      // backslashes in plain strings literally, as the read-only guard lexes them.
      options: '-c TimeZone=UTC -c default_transaction_read_only=on -c standard_conforming_strings=on',
      types,
    });
    // A connection the server drops (an admin's kill, a restart) makes its client emit 'error': the
    // pool relays it for idle clients, and every client keeps a listener of its own for the time it
    // is checked out. Without one, Node ends the process on the first dropped connection.
    this.pool.on('error', ignore);
    this.pool.on('connect', (client) => client.on('error', ignore));
  }

  /**
   * The extended protocol carries exactly one statement, so the server itself refuses chained ones.
   * Every statement runs in its own transaction with SET LOCAL statement_timeout, so the server
   * cancels it; custom SQL's transaction is READ ONLY. A client timer backs this up when the server
   * goes silent. A connection that breaks under the query is discarded, never reused.
   */
  async exec(sql: string, params: unknown[], opts: ExecOptions): Promise<DriverAnswer> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw mapPgError(e, this.o);
    }
    let broken = false;
    let lost = false;
    const onLost = () => {
      lost = true;
    };
    client.on('error', onLost);
    let timer: NodeJS.Timeout | undefined;
    try {
      const ms = Math.max(1, Math.floor(opts.timeoutMs));
      await client.query(`BEGIN${opts.readOnly ? ' READ ONLY' : ''}; SET LOCAL statement_timeout = ${ms}`);
      const silent = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          broken = true;
          reject(new SourceError('QUERY_TIMEOUT', `the query ran past ${ms} ms and was cancelled`));
        }, ms + CLIENT_GRACE_MS);
      });
      const res = await Promise.race([
        client.query({ text: sql, values: params, queryMode: 'extended' } as pg.QueryConfig),
        silent,
      ]);
      return { columns: res.fields.map((f) => f.name), rows: res.rows };
    } catch (e) {
      if (e instanceof SourceError) throw e;
      const code = (e as { code?: unknown })?.code;
      if (lost || (typeof code === 'string' && SOCKET_BROKE.has(code))) {
        broken = true;
        throw lostConnection(
          this.o,
          typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined,
        );
      }
      const mapped = mapPgError(e, this.o);
      if (mapped.code === 'SOURCE_UNREACHABLE') broken = true;
      throw mapped;
    } finally {
      clearTimeout(timer);
      await this.giveBack(client, broken || lost, onLost);
    }
  }

  /** Returns a healthy connection to the pool; destroys one that broke or whose state is unknown. */
  private async giveBack(client: pg.PoolClient, broken: boolean, onLost: () => void): Promise<void> {
    if (!broken) {
      try {
        await client.query('ROLLBACK');
        client.removeListener('error', onLost);
        client.release();
        return;
      } catch {
        // The connection died between the query and the rollback: drop it below.
      }
    }
    client.removeListener('error', onLost);
    client.release(true);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
