/**
 * Source failures are values with a stable code. A message names what was wrong (a table, a
 * column, a host) and never carries driver text, SQL or credentials: driver messages can echo the
 * statement or a connection string, so they are mapped to a code here and dropped.
 */
export const SOURCE_ERROR_CODES = {
  INVALID_CONFIG: 'The source configuration did not validate (a field is missing or malformed).',
  INVALID_INPUT: 'A table name, column name, metric or option given to the source is not acceptable.',
  SOURCE_UNREACHABLE:
    'The host did not answer: wrong host or port, network down, or the database does not exist.',
  SOURCE_AUTH_FAILED: 'The source refused the credentials (wrong user, password or token).',
  OUTBOUND_REFUSED:
    'The outbound guard refused the address the URL (or a redirect from it) leads to: loopback, private, link-local or metadata; an admin may allow its range in security.allowOutboundCidrs.',
  TABLE_NOT_FOUND: 'The table does not exist, or the user may not see it.',
  COLUMN_NOT_FOUND: 'A column the monitor names is not in the table (renamed or dropped).',
  SQL_NOT_READ_ONLY: 'Custom SQL was not a single read-only statement; it was rejected before it ran.',
  QUERY_TIMEOUT: 'The query ran past its time limit and was cancelled.',
  QUERY_FAILED: 'The engine refused or failed the query (syntax, types, permissions).',
  UNSUPPORTED: 'This kind of source cannot do that (for example table profiling on Prometheus).',
} as const;

export type SourceErrorCode = keyof typeof SOURCE_ERROR_CODES;

/** Safe context for a message; every value here may be shown to a user. */
export interface SourceErrorContext {
  table?: string;
  column?: string;
  host?: string;
  /** The engine's own error class (an SQLSTATE, a MySQL errno, a Prometheus errorType). */
  engineCode?: string;
}

export class SourceError extends Error {
  readonly code: SourceErrorCode;
  readonly context: SourceErrorContext;

  constructor(code: SourceErrorCode, message: string, context: SourceErrorContext = {}) {
    super(message);
    this.name = 'SourceError';
    this.code = code;
    this.context = context;
  }

  toJSON(): { code: SourceErrorCode; message: string; context: SourceErrorContext } {
    return { code: this.code, message: this.message, context: this.context };
  }
}

/** What a call spent on the monitored system; returned with every answer, failed ones too. */
export interface QueryCost {
  /** Statements sent to the engine (metadata look-ups included). */
  queries: number;
  /** Wall time of the whole call in milliseconds. */
  wallMs: number;
  /** Rows the engine says it read, where it says so. */
  rowsScanned?: number;
  /** Bytes the engine says it read or billed, where it says so. */
  bytesScanned?: number;
}

export type Result<T> =
  | { ok: true; value: T; cost: QueryCost }
  | { ok: false; error: SourceError; cost: QueryCost };

export const zeroCost = (): QueryCost => ({ queries: 0, wallMs: 0 });

export function ok<T>(value: T, cost: QueryCost = zeroCost()): Result<T> {
  return { ok: true, value, cost };
}

export function fail<T>(error: SourceError, cost: QueryCost = zeroCost()): Result<T> {
  return { ok: false, error, cost };
}

export function isSourceError(e: unknown): e is SourceError {
  return e instanceof SourceError;
}

/**
 * Turns anything thrown into a SourceError without reading its message: an unknown failure
 * becomes QUERY_FAILED with a generic text, never the driver's words.
 */
export function asSourceError(e: unknown, fallback = 'the query failed'): SourceError {
  if (e instanceof SourceError) return e;
  return new SourceError('QUERY_FAILED', fallback);
}
