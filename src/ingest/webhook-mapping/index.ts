export type { AlertSeverity, ExternalAlert, ExternalAlertStatus } from '../shared/external-alert.js';
export { applyWebhookMapping } from './apply.js';
export { EXAMPLE_MAPPINGS } from './examples.js';
export { type FieldRule, parseWebhookMapping, type WebhookMapping } from './mapping.js';
export { parsePath, valueAt } from './path.js';
