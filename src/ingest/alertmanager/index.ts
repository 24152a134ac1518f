export type { AlertSeverity, ExternalAlert, ExternalAlertStatus } from '../shared/external-alert.js';
export { type AlertmanagerMapOptions, mapAlertmanagerAlert, mapAlertmanagerPayload } from './map.js';
export { type AlertmanagerAlert, type AlertmanagerPayload, parseAlertmanagerWebhook } from './payload.js';
