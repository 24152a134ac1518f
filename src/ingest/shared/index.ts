export {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  type AlertSeverity,
  type ExternalAlert,
  type ExternalAlertStatus,
  severityFromWord,
  severityOfWord,
} from './external-alert.js';
export { isDateTime, isUri, isUuid } from './formats.js';
export { type FieldError, formatFieldError, type Parsed } from './result.js';
