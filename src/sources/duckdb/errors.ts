import { SourceError } from '../errors.js';

/** A writer (a loader, another DuckDB process) holds the file open read-write. */
export const isLockConflict = (msg: string): boolean =>
  /Could not set lock on file|Conflicting lock is held/i.test(msg);

/** After a FATAL error DuckDB refuses every further query on that database until it is reopened. */
export const invalidatesDatabase = (msg: string): boolean =>
  /^FATAL Error|database has been invalidated/i.test(msg);

const unreachable = (path: string, why: string) =>
  new SourceError('SOURCE_UNREACHABLE', `the DuckDB database at ${path} ${why}`, { host: path });

/** Why a file could not be opened or read, in words a user can act on; never the driver's text. */
function fileError(msg: string, path: string, lockWaitMs: number): SourceError {
  if (/database does not exist|No such file or directory/i.test(msg))
    return unreachable(path, 'does not exist (deleted, moved, or a wrong path)');
  if (isLockConflict(msg)) {
    const waited = `${Math.round(lockWaitMs / 100) / 10} s`;
    return unreachable(path, `is locked by another process writing to it; Vigil waited ${waited}`);
  }
  if (/not a valid DuckDB database|Could not read enough bytes|Corrupt|checksum|Is a directory/i.test(msg))
    return unreachable(
      path,
      'is not a valid DuckDB database file (damaged, cut short, or another kind of file)',
    );
  if (/Permission denied/i.test(msg)) return unreachable(path, 'cannot be read by Vigil (file permissions)');
  return unreachable(path, 'cannot be opened or read');
}

/**
 * Folds a DuckDB error to a code; only the names the message quotes from the user's own SQL are
 * kept. `lockWaitMs` is how long opening retried a locked file, for the message.
 */
export function mapDuckDbError(e: unknown, path: string, lockWaitMs = 0): SourceError {
  if (e instanceof SourceError) return e;
  const msg = e instanceof Error ? e.message : '';
  const quoted = /"([^"\n]{1,255})"/.exec(msg)?.[1];
  if (/^INTERRUPT/i.test(msg))
    return new SourceError('QUERY_TIMEOUT', 'the query ran past its time limit and was cancelled');
  // External access is off and the configuration locked (see open.ts): say what was refused.
  if (/^Permission Error/i.test(msg) || /configuration has been locked/i.test(msg)) {
    return new SourceError(
      'QUERY_FAILED',
      'the query was refused: it reaches files, extensions or settings outside the warehouse',
      { engineCode: 'Permission' },
    );
  }
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
  if (/^IO Error/i.test(msg) || isLockConflict(msg)) return fileError(msg, path, lockWaitMs);
  const kind = /^([A-Za-z ]{1,40}) Error:/.exec(msg)?.[1];
  return new SourceError(
    'QUERY_FAILED',
    kind ? `the query failed (${kind} error)` : 'the query failed',
    kind ? { engineCode: kind } : {},
  );
}
