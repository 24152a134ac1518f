import type { MonitorKind } from '../../domain/monitor.js';
import { columnHealthKind } from './column-health.js';
import { customSqlKind } from './custom-sql.js';
import { freshnessKind } from './freshness.js';
import type { MonitorKindStrategy } from './kind.js';
import { schemaKind } from './schema.js';
import { thresholdKind } from './threshold.js';
import { volumeKind } from './volume.js';

/** Every monitor kind, by name. The scheduler and the API look kinds up here and nowhere else. */
export const MONITOR_KIND_REGISTRY: Record<MonitorKind, MonitorKindStrategy<never>> = {
  freshness: freshnessKind as MonitorKindStrategy<never>,
  volume: volumeKind as MonitorKindStrategy<never>,
  schema: schemaKind as MonitorKindStrategy<never>,
  column_health: columnHealthKind as MonitorKindStrategy<never>,
  custom_sql: customSqlKind as MonitorKindStrategy<never>,
  threshold: thresholdKind as MonitorKindStrategy<never>,
};

export function monitorKind(kind: MonitorKind): MonitorKindStrategy<never> {
  return MONITOR_KIND_REGISTRY[kind];
}
