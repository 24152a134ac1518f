import type { Transaction } from 'kysely';
import type { Clock } from '../domain/clock.js';
import type { OutboundPolicy } from '../net/outbound-guard.js';
import type { Actor } from '../domain/roles.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/database.js';
import type { SecretBox } from '../store/secret-box.js';
import { insertAudit } from '../store/repositories/audit-log.js';

/** The structured logger services write to (pino satisfies it). */
export interface Log {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
}

/** What every use case is given: `verbNoun({ ctx, input })`. */
export interface ServiceContext {
  store: Store;
  clock: Clock;
  log: Log;
  actor: Actor;
  secrets: SecretBox;
  /**
   * The outbound guard (`security.allowOutboundCidrs`) for use cases that reach HTTP systems
   * themselves (the Airflow poll). Absent: loopback, private and metadata addresses are refused.
   */
  outbound?: OutboundPolicy | undefined;
  /** The HTTP request behind this call, for the audit trail. */
  requestId?: string | undefined;
}

export interface AuditChange {
  action: string;
  targetType: string;
  targetId: string;
  summary: string;
  before?: unknown;
  after?: unknown;
}

export type Tx = Transaction<Database>;

/**
 * Runs a mutation in one transaction and writes its audit row inside it, so a change and its
 * record commit together or not at all.
 */
export async function mutate<T>(
  ctx: ServiceContext,
  work: (trx: Tx) => Promise<{ result: T; audit: AuditChange | AuditChange[] }>,
): Promise<T> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const { result, audit } = await work(trx);
    const at = ctx.clock.now();
    for (const change of Array.isArray(audit) ? audit : [audit]) {
      await insertAudit(trx, { ...change, at, actor: ctx.actor, requestId: ctx.requestId });
    }
    return result;
  });
}
