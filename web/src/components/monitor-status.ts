import type { VigilApi } from '../api/client.js';
import { CHECK_STATUSES, type Monitor } from '../api/types.js';

export interface MonitorsWithStatus {
  monitors: Monitor[];
  /** Last check status by monitor id; a monitor absent here has not run yet. */
  status: Map<string, string>;
}

/**
 * Monitors with their last status. The API filters monitors by last status but does not list
 * it on each monitor, so one request per status (four, in parallel) tells them apart.
 */
export async function loadMonitorsWithStatus(
  api: VigilApi,
  filter: { source?: string; kind?: string } = {},
): Promise<MonitorsWithStatus> {
  const [all, ...byStatus] = await Promise.all([
    api.listMonitors(filter),
    ...CHECK_STATUSES.map((status) => api.listMonitors({ ...filter, status })),
  ]);
  const status = new Map<string, string>();
  CHECK_STATUSES.forEach((s, i) => {
    for (const m of byStatus[i]?.items ?? []) status.set(m.id, s);
  });
  return { monitors: all.items, status };
}
