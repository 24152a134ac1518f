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
 * A message as the body a Teams Workflows webhook ("post to a channel when a webhook request is
 * received") expects: a `message` whose one attachment is an Adaptive Card (schema 1.4, the
 * version Teams renders everywhere). TextBlock text is Adaptive Card markdown, so values are
 * escaped for it.
 */
export type CardElement =
  | {
      type: 'TextBlock';
      text: string;
      wrap?: boolean;
      size?: 'Small' | 'Default' | 'Medium' | 'Large';
      weight?: 'Lighter' | 'Default' | 'Bolder';
      isSubtle?: boolean;
      color?: 'Default' | 'Attention' | 'Warning' | 'Good' | 'Accent';
      spacing?: 'Small' | 'Medium';
    }
  | { type: 'FactSet'; facts: Array<{ title: string; value: string }> };

export interface CardAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
  style?: 'positive' | 'destructive';
}

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.4';
  body: CardElement[];
  actions?: CardAction[];
  msteams?: { width: 'Full' };
}

export interface TeamsPayload {
  type: 'message';
  attachments: Array<{
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: AdaptiveCard;
  }>;
}

const md = (s: string) => escapeFor('markdown', s);
/** A card must stay under Teams' 28 KB per message: a headline and body of this size leave room. */
const TEAMS_HEADLINE_MAX = 300;
const TEAMS_TEXT_MAX = 8_000;
const COLOR = { page: 'Attention', ticket: 'Warning', log: 'Default' } as const;

export function teamsPayload(message: NotificationMessage, templates?: ChannelTemplates): TeamsPayload {
  const resolved = message.kind === 'alert.resolved';
  const body: CardElement[] = [
    {
      type: 'TextBlock',
      text: md(truncate(headline(message, templates), TEAMS_HEADLINE_MAX)),
      size: 'Large',
      weight: 'Bolder',
      wrap: true,
      color: resolved ? 'Good' : COLOR[message.severity],
    },
  ];
  const facts = [
    { title: 'Severity', value: severityLabel(message.severity) },
    { title: 'Status', value: md(message.status) },
  ];
  if (message.asset) facts.push({ title: 'Asset', value: md(message.asset) });
  if (message.observed) facts.push({ title: 'Observed', value: md(message.observed) });
  if (message.expected) facts.push({ title: 'Expected', value: md(message.expected) });
  body.push({ type: 'FactSet', facts });

  const text = truncate(bodyText(message, templates, 'markdown', md), TEAMS_TEXT_MAX);
  if (text) body.push({ type: 'TextBlock', text, wrap: true });

  if (message.alerts.length > 0) {
    const lines = message.alerts.slice(0, MAX_ALERTS_SHOWN).map((a) => `- ${md(alertLine(a))}`);
    const more = message.alerts.length - lines.length;
    if (more > 0) lines.push(`- and ${more} more`);
    body.push({
      type: 'TextBlock',
      text: `**Alerts (${message.alerts.length})**`,
      wrap: true,
      spacing: 'Medium',
    });
    body.push({ type: 'TextBlock', text: lines.join('\n'), wrap: true, spacing: 'Small' });
  }
  body.push({ type: 'TextBlock', text: `Vigil · ${md(message.occurredAt)}`, size: 'Small', isSubtle: true });

  const actions: CardAction[] = [
    ...readingLinks(message).map((l) => ({ type: 'Action.OpenUrl' as const, title: l.label, url: l.url })),
    ...actionLinks(message).map((l) => ({
      type: 'Action.OpenUrl' as const,
      title: l.label,
      url: l.url,
      style: l.label === 'Resolve' ? ('destructive' as const) : ('positive' as const),
    })),
  ];
  const card: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
    ],
  };
}
