/**
 * The sources layer's public surface: the port (types), the registry, errors, and the pure
 * helpers monitor kinds need. Other layers import from here, not from engine folders.
 */
export * from './errors.js';
export { secret, secretFieldsOf, splitSecrets } from './config.js';
export type { SourceDefinition } from './definition.js';
export { type ChangeObservation, type ChangeVerdict, detectChange } from './postgres/change-counters.js';
export { type TableUse, tableUsage, tablesOf } from './postgres/statement-tables.js';
export {
  asTableSource,
  createSource,
  parseSourceConfig,
  SOURCE_KINDS,
  type SourceConfig,
  type SourceConfigInput,
  type SourceKind,
  secretFieldsFor,
  sourceConfigSchema,
  sourceConfigSchemaFor,
  sourceDefinition,
  splitSourceSecrets,
} from './registry.js';
export type * from './source.js';
export { displayName, parseTableName } from './sql/identifiers.js';
export { ALL_METRICS, METRIC_CATALOGUE, metricsFor } from './sql/metric-plan.js';
export { tagComment } from './sql/query-tag.js';
export { checkReadOnly } from './sql/read-only-guard.js';
export { renderPlan } from './sql/render.js';
