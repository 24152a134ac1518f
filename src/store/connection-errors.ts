/**
 * Turns a driver's connection failure into a sentence a person can act on. The driver's own text
 * is never passed through whole: it can carry the connection string, and with it the password.
 */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const db = u.pathname.replace(/^\//, '') || '(default database)';
    return `${u.hostname}:${u.port || '5432'}/${db}`;
  } catch {
    return '(an unparseable URL)';
  }
}

interface DriverError {
  code?: string;
  message?: string;
}

export function describeConnectionError(error: unknown): string {
  const e = (error ?? {}) as DriverError;
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running and listening on that port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case '28P01':
      return 'password authentication failed';
    case '28000':
      return 'the server refused this user (check pg_hba.conf and the user name)';
    case '3D000':
      return 'the database does not exist';
    case '53300':
      return 'too many connections';
    default:
      if (/timeout/i.test(e.message ?? '')) return 'connection timed out';
      return 'connection failed';
  }
}
