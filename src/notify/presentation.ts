import type { ChannelTemplates } from './channel-base.js';
import type { AlertItem, MessageKind, NotificationMessage, Severity } from './message.js';
import { renderTemplate, type TemplateTarget } from './template.js';

/** Wording shared by every channel, so Slack, Teams and email say the same thing. */

const KIND_LABEL: Record<MessageKind, string> = {
  'alert.firing': 'Firing',
  'alert.resolved': 'Resolved',
  'alert.acknowledged': 'Acknowledged',
  'incident.update': 'Incident update',
  test: 'Test',
  digest: 'Digest',
};

export function kindLabel(kind: MessageKind): string {
  return KIND_LABEL[kind];
}

const SEVERITY_LABEL: Record<Severity, string> = { page: 'Page', ticket: 'Ticket', log: 'Log' };

export function severityLabel(severity: Severity): string {
  return SEVERITY_LABEL[severity];
}

/** A title that opens with its own state tag ("[FIRING:3] …", "[RESOLVED] …") says the kind already. */
const STATE_TAG = /^\[(FIRING|RESOLVED|ACKNOWLEDGED)(:\d+)?\]/i;

/**
 * The headline: the title template when set, else "Firing: <title>" — or the title alone when it
 * already opens with its state, so nobody reads "Firing: [FIRING] …". Plain text.
 */
export function headline(message: NotificationMessage, templates: ChannelTemplates | undefined): string {
  if (templates?.title) return renderTemplate(templates.title, message, 'text').trim() || message.title;
  if (STATE_TAG.test(message.title)) return message.title;
  return `${kindLabel(message.kind)}: ${message.title}`;
}

/** The body paragraph for a target: the text template when set, else the message's own text. */
export function bodyText(
  message: NotificationMessage,
  templates: ChannelTemplates | undefined,
  target: TemplateTarget,
  escapeText: (s: string) => string,
): string {
  if (templates?.text) return renderTemplate(templates.text, message, target).trim();
  return message.text ? escapeText(message.text) : '';
}

export interface NamedLink {
  label: string;
  url: string;
}

/** Links to read: monitor, runbook, incident, asset, in that order, when present. */
export function readingLinks(message: NotificationMessage): NamedLink[] {
  const { monitor, runbook, incident, asset } = message.links;
  const all: Array<[string, string | undefined]> = [
    ['Monitor', monitor],
    ['Runbook', runbook],
    ['Incident', incident],
    ['Asset', asset],
  ];
  return all.filter((l): l is [string, string] => !!l[1]).map(([label, url]) => ({ label, url }));
}

/** One-click actions; only offered while the alert can still be acted on. */
export function actionLinks(message: NotificationMessage): NamedLink[] {
  if (message.kind === 'alert.resolved' || message.kind === 'test') return [];
  const out: NamedLink[] = [];
  if (message.links.acknowledge && message.kind !== 'alert.acknowledged') {
    out.push({ label: 'Acknowledge', url: message.links.acknowledge });
  }
  if (message.links.resolve) out.push({ label: 'Resolve', url: message.links.resolve });
  return out;
}

/** "orders.created_at · env=prod, team=data · since 2026-01-05T09:00:00Z · value 42". */
export function alertLine(alert: AlertItem): string {
  const labels = Object.entries(alert.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const parts = [alert.title ?? alert.fingerprint];
  if (labels) parts.push(labels);
  parts.push(`since ${alert.startedAt}`);
  if (alert.value !== undefined && alert.value !== null) parts.push(`value ${alert.value}`);
  if (alert.status && alert.status !== 'firing') parts.push(alert.status);
  return parts.join(' · ');
}

/** Long groups are cut so one storm does not hit a vendor's size limit. */
export const MAX_ALERTS_SHOWN = 10;

/** Cut to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}
