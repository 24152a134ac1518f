import type pg from 'pg';

const ignore = () => undefined;

/**
 * A connection the server drops (an admin's pg_terminate_backend, a failover, a restart) makes its
 * client emit 'error'. pg-pool listens only while the client is idle; one checked out (inside a
 * transaction) has no listener, and an 'error' without one ends the process. Every client keeps a
 * listener of its own: the statement on it fails, the pool discards it on release (it is no longer
 * queryable), and the next statement opens a fresh connection.
 */
export function surviveDroppedConnections(pool: pg.Pool): void {
  pool.on('error', ignore);
  pool.on('connect', (client) => client.on('error', ignore));
}
