import { isSilenced } from '../../domain/routing/index.js';
import type { Executor } from '../../store/executor.js';
import { loadMaintenanceSilences } from './maintenance-windows.js';
import { loadSilences } from './routing-config.js';

/**
 * Whether an alert's labels are held by a silence or a maintenance window in force now. A
 * silenced alert is known and expected: it opens no incident, it is not news on the status page
 * and it does not stop a pipeline at the gate. Loaded once per decision.
 */
export async function silencedNow(
  db: Executor,
  now: Date,
): Promise<(labels: Record<string, string>) => boolean> {
  const silences = [...(await loadSilences(db, now)), ...(await loadMaintenanceSilences(db, now))];
  if (silences.length === 0) return () => false;
  return (labels) => isSilenced(labels, silences, now).length > 0;
}
