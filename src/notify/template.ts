import type { NotificationMessage } from './message.js';

/**
 * Editable message templates: text with `{{variable}}` places, from a fixed set of variables.
 * A template is checked when it is saved, so a typo is refused with its position instead of
 * producing a blank line in a 3 a.m. page. Values are escaped for the target the text lands in
 * (Slack mrkdwn, HTML, Adaptive Card markdown); the template's own markup is left alone.
 */
export type TemplateTarget = 'text' | 'slack' | 'html' | 'markdown';

type Getter = (m: NotificationMessage) => string | undefined;

const VARIABLES: Record<string, { describe: string; get: Getter }> = {
  title: { describe: 'the alert group or incident title', get: (m) => m.title },
  'alert.title': { describe: 'same as title', get: (m) => m.title },
  kind: { describe: 'alert.firing, alert.resolved, incident.update …', get: (m) => m.kind },
  severity: { describe: 'page, ticket or log', get: (m) => m.severity },
  status: { describe: 'firing, resolved, acknowledged or the incident status', get: (m) => m.status },
  asset: { describe: 'the table or pipeline', get: (m) => m.asset },
  observed: { describe: 'what the check saw', get: (m) => m.observed },
  expected: { describe: 'what the check expected', get: (m) => m.expected },
  text: { describe: 'the update or summary text', get: (m) => m.text },
  occurredAt: { describe: 'when it happened (ISO 8601, UTC)', get: (m) => m.occurredAt },
  'alert.count': { describe: 'number of alerts in the group', get: (m) => String(m.alerts.length) },
  'alert.fingerprint': { describe: 'first alert fingerprint', get: (m) => m.alerts[0]?.fingerprint },
  'alert.startedAt': { describe: 'first alert start time', get: (m) => m.alerts[0]?.startedAt },
  'alert.value': {
    describe: 'first alert value',
    get: (m) => (m.alerts[0]?.value == null ? undefined : String(m.alerts[0].value)),
  },
  'incident.id': { describe: 'incident id', get: (m) => m.incident?.id },
  'incident.title': { describe: 'incident title', get: (m) => m.incident?.title },
  'incident.status': { describe: 'incident status', get: (m) => m.incident?.status },
  'links.monitor': { describe: 'monitor page', get: (m) => m.links.monitor },
  'links.runbook': { describe: 'runbook', get: (m) => m.links.runbook },
  'links.incident': { describe: 'incident page', get: (m) => m.links.incident },
  'links.acknowledge': { describe: 'signed acknowledge link', get: (m) => m.links.acknowledge },
  'links.resolve': { describe: 'signed resolve link', get: (m) => m.links.resolve },
  'links.asset': { describe: 'asset page', get: (m) => m.links.asset },
};

/** Every variable a template may use, with what it holds (for the editor's help text). */
export const TEMPLATE_VARIABLES: ReadonlyArray<{ name: string; describe: string }> = Object.entries(
  VARIABLES,
).map(([name, v]) => ({ name, describe: v.describe }));

export interface TemplateProblem {
  /** The variable as written, when the problem is an unknown variable. */
  variable?: string;
  /** 1-based line and column of the opening `{{`; offset counts characters from 0. */
  line: number;
  column: number;
  offset: number;
  message: string;
}

export type TemplateCheck = { ok: true } | { ok: false; problems: TemplateProblem[] };

type Piece = { text: string } | { variable: string; offset: number };

function positionOf(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function parse(source: string): { pieces: Piece[]; problems: TemplateProblem[] } {
  const pieces: Piece[] = [];
  const problems: TemplateProblem[] = [];
  const problem = (offset: number, message: string, variable?: string) => {
    const at = positionOf(source, offset);
    const where = `at line ${at.line}, column ${at.column}`;
    problems.push({ ...(variable ? { variable } : {}), ...at, offset, message: `${message} ${where}` });
  };
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) break;
    pieces.push({ text: source.slice(i, open) });
    const close = source.indexOf('}}', open + 2);
    if (close < 0) {
      problem(open, 'unclosed "{{"');
      i = source.length;
      break;
    }
    const name = source.slice(open + 2, close).trim();
    if (!(name in VARIABLES)) {
      const hint = name === '' ? 'empty variable "{{}}"' : `unknown variable "${name}"`;
      problem(open, hint, name || undefined);
    }
    pieces.push({ variable: name, offset: open });
    i = close + 2;
  }
  if (i < source.length) pieces.push({ text: source.slice(i) });
  return { pieces, problems };
}

/** Checks a template before it is saved; every problem names the variable and its position. */
export function validateTemplate(source: string): TemplateCheck {
  const { problems } = parse(source);
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/** One line for an API error: the problems, then the variables that exist. */
export function describeTemplateProblems(problems: TemplateProblem[]): string {
  const known = Object.keys(VARIABLES).join(', ');
  return `${problems.map((p) => p.message).join('; ')} (known variables: ${known})`;
}

export function escapeFor(target: TemplateTarget, value: string): string {
  switch (target) {
    case 'text':
      return value;
    case 'slack':
      // Slack's mrkdwn reserves exactly these three; escaping them also defuses <!channel> pings.
      return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    case 'html':
      return value
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
    case 'markdown':
      return value.replace(/[\\`*_[\]()#+!<>~|-]/g, (c) => `\\${c}`);
  }
}

/**
 * Fills a template for one target. Unset values render as empty text. A template that was not
 * validated keeps its unknown places as written rather than failing a delivery.
 */
export function renderTemplate(source: string, message: NotificationMessage, target: TemplateTarget): string {
  return parse(source)
    .pieces.map((p) => {
      if ('text' in p) return p.text;
      const variable = VARIABLES[p.variable];
      if (!variable) return `{{${p.variable}}}`;
      return escapeFor(target, variable.get(message) ?? '');
    })
    .join('');
}
