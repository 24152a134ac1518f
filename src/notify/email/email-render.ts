import type { ChannelTemplates } from '../channel-base.js';
import type { NotificationMessage } from '../message.js';
import {
  actionLinks,
  alertLine,
  bodyText,
  headline,
  truncate,
  MAX_ALERTS_SHOWN,
  readingLinks,
  severityLabel,
} from '../presentation.js';
import { escapeFor } from '../template.js';

/** Characters of a subject line; RFC 5322 asks for lines under 78, clients show about 100. */
const SUBJECT_MAX = 200;
/**
 * A message as an email: subject, an HTML part for mail clients and a text part for the rest
 * (and for filters and screen readers). HTML uses inline styles and tables only, because that is
 * all most mail clients keep.
 */
export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

const h = (s: string) => escapeFor('html', s);
const SEVERITY_COLOUR = { page: '#b42318', ticket: '#b54708', log: '#475467' } as const;

function facts(message: NotificationMessage): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['Severity', severityLabel(message.severity)],
    ['Status', message.status],
  ];
  if (message.asset) out.push(['Asset', message.asset]);
  if (message.observed) out.push(['Observed', message.observed]);
  if (message.expected) out.push(['Expected', message.expected]);
  return out;
}

function button(label: string, url: string, colour: string): string {
  const style = `display:inline-block;padding:8px 14px;margin:0 8px 8px 0;border-radius:4px;background:${colour};color:#ffffff;text-decoration:none;font-weight:600`;
  return `<a href="${h(url)}" style="${style}">${h(label)}</a>`;
}

export function emailContent(
  message: NotificationMessage,
  input: { templates?: ChannelTemplates | undefined; subjectPrefix?: string | undefined },
): EmailContent {
  const title = headline(message, input.templates);
  // Mail clients show a line of a subject at most; a long one is cut where a reader stops anyway.
  const subject = truncate(
    `${input.subjectPrefix ? `${input.subjectPrefix} ` : ''}${title}`.replace(/[\r\n]+/g, ' '),
    SUBJECT_MAX,
  );
  const alerts = message.alerts.slice(0, MAX_ALERTS_SHOWN).map(alertLine);
  const more = message.alerts.length - alerts.length;
  const links = readingLinks(message);
  const actions = actionLinks(message);

  const textBody = bodyText(message, input.templates, 'text', (s) => s);
  const text = [
    title,
    '',
    ...facts(message).map(([k, v]) => `${k}: ${v}`),
    ...(textBody ? ['', textBody] : []),
    ...(alerts.length > 0 ? ['', `Alerts (${message.alerts.length}):`, ...alerts.map((a) => `- ${a}`)] : []),
    ...(more > 0 ? [`- and ${more} more`] : []),
    ...(links.length + actions.length > 0 ? [''] : []),
    ...[...links, ...actions].map((l) => `${l.label}: ${l.url}`),
    '',
    `Sent by Vigil at ${message.occurredAt}`,
  ].join('\n');

  const htmlBody = bodyText(message, input.templates, 'html', (s) => h(s).replace(/\n/g, '<br>'));
  const rows = facts(message)
    .map(
      ([k, v]) =>
        `<tr><th align="left" style="padding:4px 12px 4px 0;color:#475467">${h(k)}</th><td style="padding:4px 0">${h(v)}</td></tr>`,
    )
    .join('');
  const html = [
    '<!doctype html><html><body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;color:#101828">',
    `<div style="border-left:4px solid ${SEVERITY_COLOUR[message.severity]};padding-left:12px">`,
    `<h2 style="margin:0 0 12px 0">${h(title)}</h2>`,
    `<table role="presentation" style="border-collapse:collapse;margin-bottom:12px">${rows}</table>`,
    htmlBody ? `<p style="margin:0 0 12px 0">${htmlBody}</p>` : '',
    alerts.length > 0
      ? `<h3 style="margin:0 0 6px 0">Alerts (${message.alerts.length})</h3><ul style="margin:0 0 12px 0">${alerts.map((a) => `<li>${h(a)}</li>`).join('')}${more > 0 ? `<li>and ${more} more</li>` : ''}</ul>`
      : '',
    actions.length + links.length > 0
      ? `<p>${actions.map((l) => button(l.label, l.url, l.label === 'Resolve' ? '#b42318' : '#1570ef')).join('')}${links.map((l) => button(l.label, l.url, '#475467')).join('')}</p>`
      : '',
    `<p style="color:#667085;font-size:12px">Sent by Vigil at ${h(message.occurredAt)}</p>`,
    '</div></body></html>',
  ].join('');
  return { subject, html, text };
}
