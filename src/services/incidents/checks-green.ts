import { sql } from 'kysely';
import type { Executor } from '../../store/executor.js';

export interface CheckStillRed {
  alertId: string;
  title: string;
  /** Why it is not green: the alert still fires, or its monitor's last run did not pass. */
  problem: string;
}

/**
 * What still stands between a data incident and its resolution: linked alerts still firing, and
 * monitors behind them whose latest run did not pass (a pass on the old data proves nothing, so
 * the run must also come after the alert started).
 */
export async function checksStillRed(db: Executor, incidentId: string): Promise<CheckStillRed[]> {
  const alerts = await db
    .selectFrom('incident_alerts')
    .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
    .select(['alerts.id', 'alerts.title', 'alerts.status', 'alerts.monitor_id', 'alerts.started_at'])
    .where('incident_alerts.incident_id', '=', incidentId)
    .orderBy('alerts.started_at')
    .execute();
  const out: CheckStillRed[] = [];
  for (const a of alerts) {
    if (a.status === 'firing') {
      out.push({ alertId: a.id, title: a.title, problem: 'still firing' });
      continue;
    }
    if (!a.monitor_id) continue;
    const last = await db
      .selectFrom('check_results')
      .select(['status', 'at'])
      .where('monitor_id', '=', a.monitor_id)
      .orderBy('at', 'desc')
      .orderBy(sql`id`, 'desc')
      .executeTakeFirst();
    if (!last || last.at < a.started_at)
      out.push({ alertId: a.id, title: a.title, problem: 'its monitor has not run since the alert started' });
    else if (last.status !== 'pass')
      out.push({ alertId: a.id, title: a.title, problem: `its monitor's last run is ${last.status}` });
  }
  return out;
}
