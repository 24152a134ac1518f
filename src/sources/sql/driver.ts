import type { SourceError } from '../errors.js';
import type { ChangeCounters } from '../source.js';
import type { Dialect } from './dialect.js';
import type { GuardOptions } from './read-only-guard.js';

export interface DriverAnswer {
  columns: string[];
  rows: Record<string, unknown>[];
  rowsScanned?: number;
  bytesScanned?: number;
}

export interface ExecOptions {
  timeoutMs: number;
  /** Run inside a READ ONLY transaction where the engine has one (custom SQL). */
  readOnly?: boolean;
}

/**
 * One engine's connection. `exec` sends one statement, cancels it past `timeoutMs`, and throws
 * only SourceError: the driver maps its own failures to codes and drops the driver's text.
 */
export interface SqlDriver {
  exec(sql: string, params: unknown[], opts: ExecOptions): Promise<DriverAnswer>;
  /** A check of custom SQL by the engine itself before it runs (DuckDB's statement type). */
  checkStatement?(sql: string): Promise<SourceError | null>;
  close(): Promise<void>;
}

export interface Stmt {
  sql: string;
  params: unknown[];
}

/** What the catalog says about a table without reading it; null when the table is absent. */
export interface MetadataStats {
  rowCount: { value: number; exact: boolean } | null;
  lastModified: { value: string; exact: boolean } | null;
  sizeBytes: { value: number; exact: boolean } | null;
  changeCounters?: ChangeCounters;
}

export type Runner = (stmt: Stmt) => Promise<Record<string, unknown>[]>;

/** What an engine folder supplies; the shared SqlSource does the rest. */
export interface SqlEngine {
  readonly kind: string;
  readonly dialect: Dialect;
  readonly driver: SqlDriver;
  readonly guard: GuardOptions;
  readonly defaultTimeoutMs: number;
  defaultSchema(): string;
  /** Rows: schema, name, type ('table' | 'view'). */
  listTables(): Stmt;
  /** Rows: name, data_type, nullable (boolean or YES/NO), position. */
  describe(schema: string, name: string): Stmt;
  metadata(schema: string, name: string, run: Runner): Promise<MetadataStats | null>;
  /**
   * max(column) from storage statistics, without reading the column (DuckDB's row-group stats).
   * An upper bound: statistics only widen, so deleted rows can leave it high. Null when unknown.
   */
  metadataMax?(schema: string, name: string, column: string, run: Runner): Promise<string | null>;
}
