import { type DuckDBConnection, DuckDBInstance, StatementType } from '@duckdb/node-api';
import { SourceError } from '../errors.js';
import type { DriverAnswer, ExecOptions, SqlDriver } from '../sql/driver.js';

export interface LakeTable {
  name: string;
  path: string;
  format: 'parquet' | 'csv';
}

export interface DuckDbDriverOptions {
  path: string;
  readOnly: boolean;
  lake: LakeTable[];
}

/** Folds a DuckDB error to a code; only the names the message quotes are kept. */
export function mapDuckDbError(e: unknown, path: string): SourceError {
  const msg = e instanceof Error ? e.message : '';
  const quoted = /"([^"\n]{1,255})"/.exec(msg)?.[1];
  if (/^INTERRUPT/i.test(msg))
    return new SourceError('QUERY_TIMEOUT', 'the query ran past its time limit and was cancelled');
  if (/^Catalog Error: (Table|View|Schema)/i.test(msg) || /^Catalog Error: .*does not exist/i.test(msg)) {
    const table = /with name ([^\s!]+) does not exist/i.exec(msg)?.[1];
    return new SourceError(
      'TABLE_NOT_FOUND',
      table ? `table ${table} not found` : 'a table the query reads does not exist',
      table ? { table } : {},
    );
  }
  if (
    /^Binder Error: .*(column|Referenced column)/i.test(msg) &&
    /not found|does not have a column/i.test(msg)
  ) {
    return new SourceError(
      'COLUMN_NOT_FOUND',
      quoted ? `column ${quoted} not found` : 'a column the query names does not exist',
      quoted ? { column: quoted } : {},
    );
  }
  if (/^IO Error/i.test(msg))
    return new SourceError('SOURCE_UNREACHABLE', `cannot open the DuckDB database or file at ${path}`, {
      host: path,
    });
  const kind = /^([A-Za-z ]{1,40}) Error:/.exec(msg)?.[1];
  return new SourceError(
    'QUERY_FAILED',
    kind ? `the query failed (${kind} error)` : 'the query failed',
    kind ? { engineCode: kind } : {},
  );
}

const sqlString = (s: string) => `'${s.split("'").join("''")}'`;

/**
 * DuckDB in-process. Each statement gets its own connection, so a timeout interrupts that
 * statement only; Parquet/CSV lake files are exposed as views in schema `lake`.
 */
export class DuckDbDriver implements SqlDriver {
  private instance: Promise<DuckDBInstance> | undefined;

  constructor(private readonly opts: DuckDbDriverOptions) {}

  private open(): Promise<DuckDBInstance> {
    this.instance ??= (async () => {
      // A file is opened through DuckDB's instance cache: two instances of one file in a process
      // would not see each other's writes, and a process that loads the file while Vigil watches
      // it (the demo's pipeline, an embedded ELT) must share the one database.
      const options: Record<string, string> = this.opts.readOnly ? { access_mode: 'READ_ONLY' } : {};
      const instance =
        this.opts.path === ':memory:'
          ? await DuckDBInstance.create(this.opts.path, options)
          : await DuckDBInstance.fromCache(this.opts.path, options);
      if (this.opts.lake.length > 0) {
        const c = await instance.connect();
        try {
          await c.run('CREATE SCHEMA IF NOT EXISTS lake');
          for (const t of this.opts.lake) {
            const reader = t.format === 'parquet' ? 'read_parquet' : 'read_csv_auto';
            const name = `"${t.name.split('"').join('""')}"`;
            await c.run(
              `CREATE OR REPLACE VIEW lake.${name} AS SELECT * FROM ${reader}(${sqlString(t.path)})`,
            );
          }
        } finally {
          c.closeSync();
        }
      }
      return instance;
    })().catch((e: unknown) => {
      this.instance = undefined;
      throw mapDuckDbError(e, this.opts.path);
    });
    return this.instance;
  }

  private async connect(): Promise<DuckDBConnection> {
    const c = await (await this.open()).connect();
    await c.run("SET TimeZone = 'UTC'");
    return c;
  }

  async exec(sql: string, params: unknown[], opts: ExecOptions): Promise<DriverAnswer> {
    const c = await this.connect();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      c.interrupt();
    }, opts.timeoutMs);
    try {
      const reader = await c.runAndReadAll(sql, params as string[]);
      return { columns: reader.columnNames(), rows: reader.getRowObjectsJS() };
    } catch (e) {
      if (timedOut)
        throw new SourceError('QUERY_TIMEOUT', `the query ran past ${opts.timeoutMs} ms and was cancelled`);
      throw mapDuckDbError(e, this.opts.path);
    } finally {
      clearTimeout(timer);
      c.closeSync();
    }
  }

  /** DuckDB's own parser says how many statements there are and what each one is. */
  async checkStatement(sql: string): Promise<SourceError | null> {
    const c = await this.connect();
    try {
      const extracted = await c.extractStatements(sql);
      if (extracted.count !== 1)
        return new SourceError('SQL_NOT_READ_ONLY', 'custom SQL rejected: only one statement is allowed');
      const prepared = await extracted.prepare(0);
      if (prepared.statementType !== StatementType.SELECT) {
        return new SourceError('SQL_NOT_READ_ONLY', 'custom SQL rejected: only SELECT queries are allowed');
      }
      return null;
    } catch (e) {
      return mapDuckDbError(e, this.opts.path);
    } finally {
      c.closeSync();
    }
  }

  async close(): Promise<void> {
    const pending = this.instance;
    this.instance = undefined;
    if (pending) (await pending.catch(() => undefined))?.closeSync();
  }
}
