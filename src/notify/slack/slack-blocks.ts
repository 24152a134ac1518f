import type { ChannelTemplates } from '../channel-base.js';
import type { NotificationMessage } from '../message.js';
import {
  actionLinks,
  alertLine,
  bodyText,
  headline,
  MAX_ALERTS_SHOWN,
  readingLinks,
  severityLabel,
  truncate,
} from '../presentation.js';
import { escapeFor } from '../template.js';

/**
 * A message as a Slack incoming-webhook body: Block Kit `blocks` plus the top-level `text`,
 * which Slack shows in notifications and wherever blocks cannot render. Limits are Slack's:
 * header text 150 characters, section text 3000, a field 2000, a button label 75, 50 blocks.
 */
export type SlackText =
  | { type: 'plain_text'; text: string; emoji?: boolean }
  | { type: 'mrkdwn'; text: string };

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'divider' }
  | { type: 'context'; elements: SlackText[] }
  | {
      type: 'actions';
      elements: Array<{
        type: 'button';
        text: SlackText;
        url: string;
        action_id: string;
        style?: 'primary' | 'danger';
      }>;
    };

export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

const esc = (s: string) => escapeFor('slack', s);
const mrkdwn = (text: string, max = 3000): SlackText => ({ type: 'mrkdwn', text: truncate(text, max) });

export function slackPayload(message: NotificationMessage, templates?: ChannelTemplates): SlackPayload {
  const title = headline(message, templates);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, 150), emoji: true } },
  ];
  const facts = [
    mrkdwn(`*Severity*\n${severityLabel(message.severity)}`, 2000),
    mrkdwn(`*Status*\n${esc(message.status)}`, 2000),
  ];
  if (message.asset) facts.push(mrkdwn(`*Asset*\n\`${esc(message.asset)}\``, 2000));
  blocks.push({ type: 'section', fields: facts });

  const body = bodyText(message, templates, 'slack', esc);
  if (body) blocks.push({ type: 'section', text: mrkdwn(body) });

  if (message.observed || message.expected) {
    blocks.push({
      type: 'section',
      fields: [
        mrkdwn(`*Observed*\n${esc(message.observed ?? '—')}`, 2000),
        mrkdwn(`*Expected*\n${esc(message.expected ?? '—')}`, 2000),
      ],
    });
  }

  if (message.alerts.length > 0) {
    const shown = message.alerts.slice(0, MAX_ALERTS_SHOWN).map((a) => `• ${esc(alertLine(a))}`);
    const more = message.alerts.length - shown.length;
    if (more > 0) shown.push(`_and ${more} more_`);
    blocks.push({
      type: 'section',
      text: mrkdwn(`*Alerts (${message.alerts.length})*\n${shown.join('\n')}`),
    });
  }

  type Button = { label: string; url: string; id: string; style?: 'primary' | 'danger' };
  const buttons: Button[] = [
    ...readingLinks(message).map((l) => ({ ...l, id: `vigil_open_${l.label.toLowerCase()}` })),
    ...actionLinks(message).map((l) => ({
      ...l,
      id: `vigil_${l.label.toLowerCase()}`,
      style: l.label === 'Resolve' ? ('danger' as const) : ('primary' as const),
    })),
  ];
  if (buttons.length > 0) {
    blocks.push({
      type: 'actions',
      elements: buttons.map((b) => ({
        type: 'button',
        text: { type: 'plain_text', text: truncate(b.label, 75), emoji: true },
        url: b.url,
        action_id: b.id,
        ...(b.style ? { style: b.style } : {}),
      })),
    });
  }
  blocks.push({ type: 'context', elements: [mrkdwn(`Vigil · ${esc(message.occurredAt)}`)] });

  const asset = message.asset ? ` · ${message.asset}` : '';
  const text = esc(`${title} (${severityLabel(message.severity)}${asset})`);
  return { text: truncate(text, 3000), blocks };
}
