import { renderPostmortemMarkdown } from '../../domain/postmortem-markdown.js';
import type { ServiceContext } from '../context.js';
import { findIncident } from '../incidents/incident-records.js';
import { findPostmortem, itemsOf } from './postmortem-records.js';

/** The postmortem as one Markdown document, with the action items as a table. */
export async function exportPostmortemMarkdown({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { incidentId: string };
}): Promise<string> {
  const db = ctx.store.db;
  const p = await findPostmortem(db, input.incidentId);
  const incident = await findIncident(db, input.incidentId);
  const items = await itemsOf(db, input.incidentId);
  return renderPostmortemMarkdown({
    title: p.title,
    status: p.status,
    incidentId: incident.id,
    severity: incident.severity,
    draftedAt: p.drafted_at,
    publishedAt: p.published_at,
    completedAt: p.completed_at,
    sections: p.sections,
    actionItems: items.map((i) => ({
      kind: i.kind,
      title: i.title,
      owner: i.owner,
      dueOn: i.due_on,
      status: i.status,
      dropReason: i.drop_reason,
      link: i.ticket_url,
    })),
  });
}
