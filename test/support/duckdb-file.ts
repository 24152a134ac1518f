import { DuckDBInstance } from '@duckdb/node-api';

/** Runs statements against a DuckDB file and closes it, so another process may open it next. */
export async function duckdbExec(path: string, statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    for (const sql of statements) await conn.run(sql);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
