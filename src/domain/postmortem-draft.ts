/**
 * The first draft of a blameless postmortem, written from what Vigil recorded about an incident.
 * Pure: the service gathers the facts, this turns them into Markdown sections. Every sentence is
 * about what happened and how the system allowed it, never about who is at fault.
 */
import { type IncidentTimes, incidentDurations } from './incident.js';
import type { PostmortemTemplate, SectionGenerator } from './postmortem.js';

export interface PostmortemFacts {
  incident: {
    id: string;
    title: string;
    summary: string;
    severity: string;
    type: string;
    status: string;
    declaredBy: string;
    declaredVia: string;
    affectedAssets: string[];
    commander: string | null;
    communicationsLead: string | null;
    scribe: string | null;
    responders: string[];
    times: IncidentTimes;
  };
  /** The whole timeline, oldest first. */
  events: Array<{ at: Date; kind: string; actor: string; message: string; pinned: boolean }>;
  /** Alerts linked to the incident, earliest first. */
  alerts: Array<{
    id: string;
    title: string;
    origin: string;
    severity: string;
    startedAt: Date;
    monitor: string | null;
    asset: string | null;
  }>;
  /**
   * In a cascade: the most upstream failing asset and the alert on it, and the failing assets
   * downstream of it. Null when the incident has one cause only.
   */
  rootCause: { asset: string; alertId: string; consequences: string[] } | null;
  /** Assets downstream of the affected ones, from lineage. */
  downstream: Array<{ name: string; owner: string | null }>;
  /** What someone recorded about the data itself, when they did. */
  impact: {
    rowsAffected: number | null;
    consumers: string[];
    badDataFrom: Date | null;
    badDataTo: Date | null;
  } | null;
}

export interface DraftSection {
  key: string;
  heading: string;
  body: string;
  generator: SectionGenerator;
}

/** Timeline kinds worth keeping in the document even when nobody pinned them. */
const KEY_EVENTS = new Set([
  'declared',
  'alert_linked',
  'status_changed',
  'severity_changed',
  'role_assigned',
  'update',
]);

/** 45s, 12m, 1h 30m, 2d 3h: the two largest units are enough to read a duration at a glance. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'unknown';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || parts.length > 0) parts.push(`${n}${name}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !p.startsWith('0')).join(' ') || `${s}s`;
}

export const formatTime = (d: Date | null): string =>
  d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'not yet';

const todo = (text: string) => `_${text}_`;
const list = (items: string[]) => items.map((i) => `- ${i}`).join('\n');

type Generate = (f: PostmortemFacts) => string;

/**
 * The alert that set the incident off: the root cause's when a cascade has one (a table two hops
 * upstream often fails after the mart that reads it was checked), else the earliest.
 */
function firstSignal(f: PostmortemFacts): PostmortemFacts['alerts'][number] | undefined {
  const root = f.rootCause && f.alerts.find((a) => a.id === f.rootCause?.alertId);
  return root || f.alerts[0];
}

const alertPhrase = (a: PostmortemFacts['alerts'][number]) =>
  `the ${a.severity} alert "${a.title}" (${a.origin}${a.monitor ? `, monitor ${a.monitor}` : ''})`;

const GENERATORS: Record<Exclude<SectionGenerator, 'blank'>, Generate> = {
  summary(f) {
    const i = f.incident;
    const d = incidentDurations(i.times);
    const lines = [
      `${i.severity} ${i.type.replace('_', ' ')} incident: ${i.title}.`,
      i.summary.trim(),
      `It started at ${formatTime(i.times.startedAt)}, was detected ${formatDuration(d.timeToDetect)} later` +
        (i.times.resolvedAt
          ? ` and resolved ${formatDuration(d.timeToResolve)} after detection.`
          : ' and is not resolved yet.'),
    ];
    return lines.filter(Boolean).join('\n\n');
  },
  impact(f) {
    const i = f.incident;
    const end = f.impact?.badDataTo ?? i.times.resolvedAt;
    const start = f.impact?.badDataFrom ?? i.times.startedAt;
    const lines = [
      `- **Duration:** ${formatDuration(start && end ? (end.getTime() - start.getTime()) / 1000 : null)} (${formatTime(start)} to ${formatTime(end)})`,
      `- **Affected assets:** ${i.affectedAssets.length ? i.affectedAssets.map((a) => `\`${a}\``).join(', ') : 'none recorded'}`,
    ];
    if (f.downstream.length) {
      const owners = [...new Set(f.downstream.map((d) => d.owner).filter((o): o is string => !!o))].sort();
      lines.push(
        `- **Downstream (from lineage):** ${f.downstream.map((d) => `\`${d.name}\``).join(', ')}` +
          (owners.length ? `; owners: ${owners.join(', ')}` : ''),
      );
    } else lines.push('- **Downstream (from lineage):** none known');
    if (f.impact?.consumers.length)
      lines.push(`- **Consumers who read bad data:** ${f.impact.consumers.join(', ')}`);
    lines.push(
      `- **Rows affected:** ${f.impact?.rowsAffected != null ? f.impact.rowsAffected.toLocaleString('en-US') : 'unknown'}`,
    );
    return `${lines.join('\n')}\n\n${todo('Who noticed, which decisions or reports used the bad data?')}`;
  },
  timeline(f) {
    const pinned = f.events.filter((e) => e.pinned);
    const shown = f.events.filter((e) => e.pinned || KEY_EVENTS.has(e.kind));
    if (shown.length === 0) return todo('No events were recorded.');
    const rows = shown.map(
      (e) => `| ${formatTime(e.at)} | ${e.pinned ? '📌 ' : ''}${cell(e.message)} | ${cell(e.actor)} |`,
    );
    const note = pinned.length ? '' : `\n\n${todo('Pin the events that mattered on the incident timeline.')}`;
    return `| time | event | by |\n|---|---|---|\n${rows.join('\n')}${note}`;
  },
  trigger(f) {
    const first = firstSignal(f);
    const lines = [
      first
        ? `The first signal was ${alertPhrase(first)} at ${formatTime(first.startedAt)}.`
        : 'No alert was linked to this incident; it was declared by hand.',
    ];
    if (f.rootCause?.consequences.length)
      lines.push(
        `\`${f.rootCause.asset}\` is the root cause, the most upstream failing asset; ` +
          `${f.rootCause.consequences.map((c) => `\`${c}\``).join(', ')} failed downstream of it as a consequence.`,
      );
    lines.push(
      todo(
        `What set the problem off${f.rootCause ? ` in \`${f.rootCause.asset}\`` : ''}: a deploy, a schema change, a late or partial upstream load, a config change?`,
      ),
    );
    return lines.join('\n\n');
  },
  root_cause(f) {
    const what = f.rootCause ? `\`${f.rootCause.asset}\` fail` : `"${f.incident.title}" happen`;
    const whys = [`1. Why did ${what}? ${todo('…')}`];
    for (let n = 2; n <= 5; n++) whys.push(`${n}. Why? ${todo('…')}`);
    return [
      todo('The underlying cause, in terms of systems and processes rather than people.'),
      '### Five whys',
      whys.join('\n'),
    ].join('\n\n');
  },
  detection(f) {
    const i = f.incident;
    const d = incidentDurations(i.times);
    const how =
      i.declaredVia === 'policy'
        ? 'an alert, and Vigil declared the incident by policy'
        : i.declaredVia === 'alert'
          ? `an alert, and ${i.declaredBy} declared the incident from it`
          : `${i.declaredBy}, who declared the incident`;
    const first = f.alerts[0];
    const root = firstSignal(f);
    const cause =
      root && root !== first
        ? `; the root cause's alert: "${root.title}" at ${formatTime(root.startedAt)}`
        : '';
    return [
      `Detected by ${how}${first ? ` (first alert: "${first.title}"${cause})` : ''}.`,
      '',
      `- **Time to detect:** ${formatDuration(d.timeToDetect)} (started ${formatTime(i.times.startedAt)}, detected ${formatTime(i.times.detectedAt)})`,
      `- **Alerts linked:** ${f.alerts.length}`,
      '',
      todo('Could a monitor have caught this sooner, or closer to the source?'),
    ].join('\n');
  },
  response(f) {
    const i = f.incident;
    const d = incidentDurations(i.times);
    const people = [
      i.commander && `commander ${i.commander}`,
      i.communicationsLead && `communications lead ${i.communicationsLead}`,
      i.scribe && `scribe ${i.scribe}`,
      i.responders.length && `responders ${i.responders.join(', ')}`,
    ].filter((p): p is string => Boolean(p));
    const updates = f.events.filter((e) => e.kind === 'update').length;
    return [
      `- **Roles:** ${people.length ? people.join('; ') : 'none assigned'}`,
      `- **Time to acknowledge:** ${formatDuration(d.timeToAcknowledge)}`,
      `- **Time to mitigate:** ${formatDuration(d.timeToMitigate)}`,
      `- **Time to resolve:** ${formatDuration(d.timeToResolve)}`,
      `- **Stakeholder updates sent:** ${updates}`,
      '',
      todo('How was the problem mitigated and then fixed? Was a backfill needed?'),
    ].join('\n');
  },
  went_well() {
    return todo('What helped: a monitor that fired, a runbook that worked, a quick handover.');
  },
  went_badly(f) {
    const d = incidentDurations(f.incident.times);
    const facts: string[] = [];
    if (d.timeToDetect !== null && d.timeToDetect > 3_600)
      facts.push(`Detection took ${formatDuration(d.timeToDetect)} after the problem started.`);
    if (d.timeToAcknowledge !== null && d.timeToAcknowledge > 1_800)
      facts.push(`Acknowledging took ${formatDuration(d.timeToAcknowledge)}.`);
    if (!f.incident.commander) facts.push('No commander was assigned.');
    const body = todo('What slowed the response or made it harder?');
    return facts.length ? `${list(facts)}\n\n${body}` : body;
  },
  got_lucky() {
    return todo('What limited the damage by chance rather than by design?');
  },
  action_items() {
    return 'Each item is tracked in Vigil as **prevent**, **detect** or **mitigate**, with an owner and a due date.';
  },
};

/** Table cells keep their row: pipes are escaped and line breaks become spaces. */
export const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The draft: one section per template section, in the template's order. */
export function draftSections(template: PostmortemTemplate, facts: PostmortemFacts): DraftSection[] {
  return template.sections.map((s) => ({
    key: s.key,
    heading: s.heading,
    generator: s.generator,
    body:
      s.generator === 'blank' ? (s.placeholder ?? todo('To be written.')) : GENERATORS[s.generator](facts),
  }));
}
