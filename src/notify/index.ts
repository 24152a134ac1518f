/**
 * What the rest of Vigil uses from notify/: the port, the message model, the registry, the SSRF
 * guard and templates. Channel folders are reached through the registry, not imported directly.
 */
export type { ChannelTemplates } from './channel-base.js';
export { templatesSchema } from './channel-base.js';
export { isRetryableStatus, parseRetryAfter } from './delivery.js';
export {
  type AlertItem,
  alertItemSchema,
  boundedKey,
  fitMessage,
  MESSAGE_KEY_MAX,
  MESSAGE_KINDS,
  type MessageKind,
  type MessageLinks,
  messageLinksSchema,
  type NotificationMessage,
  notificationMessageSchema,
  SEVERITIES,
  type Severity,
  testMessage,
} from './message.js';
export type {
  ChannelDefinition,
  ChannelTarget,
  DeliveryErrorCode,
  DeliveryResult,
  Notifier,
  NotifierDeps,
  SendOptions,
} from './notifier.js';
export { DEFAULT_TIMEOUT_MS } from './notifier.js';
export { emailConfigSchema } from './email/email-channel.js';
export { pagerDutyConfigSchema } from './pagerduty/pagerduty-channel.js';
export { slackConfigSchema } from './slack/slack-channel.js';
export { teamsConfigSchema } from './teams/teams-channel.js';
export { webhookConfigSchema } from './webhook/webhook-channel.js';
export { type WebhookPayloadV1, webhookPayloadV1Schema } from './webhook/webhook-payload.js';
export { signWebhook, verifyWebhookSignature } from './webhook/webhook-signature.js';
export {
  CHANNEL_KINDS,
  type ChannelConfig,
  type ChannelKind,
  channelConfigSchema,
  channelDefinition,
  checkChannelTargets,
  createNotifier,
  describeChannelKinds,
  mergeSecrets,
  splitSecrets,
} from './registry.js';
export {
  type CheckResult,
  checkAddress,
  checkUrl,
  type GuardedOutcome,
  type GuardedRequest,
  type GuardedResponse,
  guardedFetch,
  type HostResolver,
  invalidCidrs,
  type OutboundPolicy,
  outboundPolicy,
  resolveHost,
} from './ssrf-guard.js';
export {
  describeTemplateProblems,
  renderTemplate,
  TEMPLATE_VARIABLES,
  type TemplateCheck,
  type TemplateProblem,
  type TemplateTarget,
  validateTemplate,
} from './template.js';
