import type { VigilApi } from '../api/client.js';
import { respondApi } from '../api/respond.js';

export type Health = 'ok' | 'warn' | 'bad';

/**
 * Health of every asset at once, from two calls rather than one per asset: an open incident or a
 * firing page alert makes an asset bad, any other firing alert makes it warn. Alerts name their
 * asset in the `asset` label.
 */
export async function loadAssetHealth(api: VigilApi): Promise<Map<string, Health>> {
  const [incidents, alerts] = await Promise.all([
    respondApi(api)
      .listIncidents({ open: 'true', limit: 500 })
      .catch(() => ({ items: [] })),
    api.listAlerts({ status: 'firing', limit: 500 }).catch(() => ({ items: [] })),
  ]);
  return healthFrom(incidents.items, alerts.items);
}

/** The same rule over lists already loaded (the overview has them at hand). */
export function healthFrom(
  incidents: Array<{ affectedAssets: string[] }>,
  alerts: Array<{ severity: string; labels: Record<string, string> }>,
): Map<string, Health> {
  const health = new Map<string, Health>();
  for (const a of alerts) {
    const name = a.labels.asset;
    if (!name) continue;
    const h: Health = a.severity === 'page' ? 'bad' : 'warn';
    if (health.get(name) !== 'bad') health.set(name, h);
  }
  for (const i of incidents) for (const name of i.affectedAssets) health.set(name, 'bad');
  return health;
}

export const HEALTH_TEXT: Record<Health, string> = {
  ok: 'healthy',
  warn: 'alert firing',
  bad: 'incident or page alert',
};
