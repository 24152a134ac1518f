/** A postmortem as one Markdown document, for a wiki, a pull request or an email. Pure. */
import { cell, formatTime } from './postmortem-draft.js';

export interface MarkdownInput {
  title: string;
  status: string;
  incidentId: string;
  severity: string;
  draftedAt: Date;
  publishedAt: Date | null;
  completedAt: Date | null;
  /** The action-item table follows the section drafted by the `action_items` generator. */
  sections: Array<{ key: string; heading: string; body: string; generator: string }>;
  actionItems: Array<{
    kind: string;
    title: string;
    owner: string | null;
    dueOn: string | null;
    status: string;
    dropReason: string | null;
    link: string | null;
  }>;
}

function itemTable(items: MarkdownInput['actionItems']): string {
  if (items.length === 0) return '_No action items yet._';
  const rows = items.map((i) => {
    const status = i.status === 'dropped' && i.dropReason ? `dropped: ${i.dropReason}` : i.status;
    const title = i.link ? `[${cell(i.title).replace(/[[\]]/g, '\\$&')}](${i.link})` : cell(i.title);
    return `| ${i.kind} | ${title} | ${cell(i.owner ?? '—')} | ${i.dueOn ?? '—'} | ${cell(status.replace('_', ' '))} |`;
  });
  return `| kind | item | owner | due | status |\n|---|---|---|---|---|\n${rows.join('\n')}`;
}

export function renderPostmortemMarkdown(p: MarkdownInput): string {
  const state = [
    `Status: ${p.status.replace('_', ' ')}${p.completedAt ? ' (complete)' : ''}`,
    `incident ${p.incidentId}`,
    p.severity,
    `drafted ${formatTime(p.draftedAt)}`,
    ...(p.publishedAt ? [`published ${formatTime(p.publishedAt)}`] : []),
  ].join(' · ');
  const out = [
    `# ${p.title}`,
    `_${state}_`,
    '> This postmortem is blameless: it describes what happened and how our systems and processes ' +
      'allowed it, not who is at fault.',
  ];
  let tabled = false;
  for (const s of p.sections) {
    out.push(`## ${s.heading}`, s.body.trim());
    if (s.generator === 'action_items' && !tabled) {
      out.push(itemTable(p.actionItems));
      tabled = true;
    }
  }
  // A template without an action-items section still shows what was agreed.
  if (!tabled && p.actionItems.length) out.push('## Action items', itemTable(p.actionItems));
  return `${out.filter((b) => b !== '').join('\n\n')}\n`;
}
