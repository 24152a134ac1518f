import type { VigilApi } from '../api/client.js';
import type { Monitor } from '../api/types.js';

export interface MonitorsWithStatus {
  monitors: Monitor[];
  /** Last check status by monitor id; a monitor absent here has not run yet. */
  status: Map<string, string>;
}

/** Monitors with their last status, in one request: each monitor carries `lastStatus`. */
export async function loadMonitorsWithStatus(
  api: VigilApi,
  filter: { source?: string; kind?: string } = {},
): Promise<MonitorsWithStatus> {
  const { items } = await api.listMonitors(filter);
  const status = new Map<string, string>();
  for (const m of items) if (m.lastStatus) status.set(m.id, m.lastStatus);
  return { monitors: items, status };
}
