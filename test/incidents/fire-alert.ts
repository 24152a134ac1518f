import type { Severity } from '../../src/domain/monitor.js';
import { loadRouting } from '../../src/services/alerts/routing-config.js';
import { upsertAlert } from '../../src/services/alerts/upsert-alert.js';
import type { Store } from '../../src/store/database.js';

/** Fires (or resolves) an alert the way a monitor does: upsertAlert in one transaction. */
export async function fireAlert(
  store: Store,
  o: { fingerprint: string; asset?: string; severity?: Severity; at: Date; status?: 'firing' | 'resolved' },
) {
  return store.db.transaction().execute(async (trx) =>
    upsertAlert(trx, await loadRouting(trx), {
      fingerprint: o.fingerprint,
      origin: 'monitor',
      status: o.status ?? 'firing',
      severity: o.severity ?? 'page',
      title: `${o.fingerprint} failed`,
      summary: `${o.fingerprint} is out of bounds`,
      labels: { ...(o.asset ? { asset: o.asset } : {}), kind: 'freshness' },
      annotations: {},
      at: o.at,
    }),
  );
}
