/**
 * Postmortems and action items as pure values and rules: the template, the review flow, what an
 * action item may be, and when a postmortem counts as complete. No I/O, no clock reads.
 */
import type { ErrorDetail } from './errors.js';

export const POSTMORTEM_STATUSES = ['draft', 'in_review', 'published'] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

/**
 * Review goes forward one step at a time and may step back: a reviewer sends a draft back for
 * changes, and a published postmortem can be reopened for review when something was missed.
 */
const NEXT: Record<PostmortemStatus, readonly PostmortemStatus[]> = {
  draft: ['in_review'],
  in_review: ['draft', 'published'],
  published: ['in_review'],
};

export function canChangePostmortemStatus(from: PostmortemStatus, to: PostmortemStatus): boolean {
  return NEXT[from].includes(to);
}

/** Sections are edited while drafting and in review; a published document is read-only. */
export const isEditable = (status: PostmortemStatus): boolean => status !== 'published';

/** What fills a section when the draft is made; `blank` leaves the template's placeholder. */
export const SECTION_GENERATORS = [
  'summary',
  'impact',
  'timeline',
  'trigger',
  'root_cause',
  'detection',
  'response',
  'went_well',
  'went_badly',
  'got_lucky',
  'action_items',
  'blank',
] as const;
export type SectionGenerator = (typeof SECTION_GENERATORS)[number];

export interface TemplateSection {
  /** Stable name of the section (lower-case, digits, underscores), used by PATCH. */
  key: string;
  heading: string;
  generator: SectionGenerator;
  /** Text a blank section starts with (a question for the author). */
  placeholder?: string | undefined;
}

export interface PostmortemTemplate {
  sections: TemplateSection[];
}

export const DEFAULT_POSTMORTEM_TEMPLATE: PostmortemTemplate = {
  sections: [
    { key: 'summary', heading: 'Summary', generator: 'summary' },
    { key: 'impact', heading: 'Impact', generator: 'impact' },
    { key: 'timeline', heading: 'Timeline', generator: 'timeline' },
    { key: 'trigger', heading: 'Trigger', generator: 'trigger' },
    { key: 'root_cause', heading: 'Root cause and five whys', generator: 'root_cause' },
    { key: 'detection', heading: 'Detection', generator: 'detection' },
    { key: 'response', heading: 'Response and resolution', generator: 'response' },
    { key: 'went_well', heading: 'What went well', generator: 'went_well' },
    { key: 'went_badly', heading: 'What went badly', generator: 'went_badly' },
    { key: 'got_lucky', heading: 'Where we got lucky', generator: 'got_lucky' },
    { key: 'action_items', heading: 'Action items', generator: 'action_items' },
  ],
};

export const SECTION_KEY = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_SECTIONS = 40;

/**
 * Every problem with a template, each with its path, or an empty list. The route's schema checks
 * shapes; this checks what a schema cannot: unique keys, one action-items section, lengths.
 */
export function templateProblems(t: PostmortemTemplate): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (t.sections.length === 0) problems.push({ path: 'sections', message: 'needs at least one section' });
  if (t.sections.length > MAX_SECTIONS)
    problems.push({ path: 'sections', message: `at most ${MAX_SECTIONS} sections` });
  const seen = new Map<string, number>();
  t.sections.forEach((s, i) => {
    const at = `sections[${i}]`;
    if (!SECTION_KEY.test(s.key))
      problems.push({
        path: `${at}.key`,
        message: 'lower-case letters, digits and underscores, starting with a letter (at most 40)',
      });
    const first = seen.get(s.key);
    if (first !== undefined)
      problems.push({ path: `${at}.key`, message: `"${s.key}" is already used by sections[${first}]` });
    else seen.set(s.key, i);
    if (!s.heading.trim()) problems.push({ path: `${at}.heading`, message: 'must not be empty' });
    if (s.heading.length > 200) problems.push({ path: `${at}.heading`, message: 'at most 200 characters' });
    if (!(SECTION_GENERATORS as readonly string[]).includes(s.generator))
      problems.push({
        path: `${at}.generator`,
        message: `must be one of ${SECTION_GENERATORS.join(', ')}`,
      });
    if (s.placeholder !== undefined && s.placeholder.length > 5_000)
      problems.push({ path: `${at}.placeholder`, message: 'at most 5000 characters' });
  });
  const lists = t.sections.filter((s) => s.generator === 'action_items').length;
  if (lists > 1)
    problems.push({ path: 'sections', message: 'at most one section may use the action_items generator' });
  return problems;
}

export const ACTION_ITEM_KINDS = ['prevent', 'detect', 'mitigate'] as const;
export type ActionItemKind = (typeof ACTION_ITEM_KINDS)[number];

export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export const isClosedItem = (status: string): boolean => status === 'done' || status === 'dropped';

export interface ActionItemFacts {
  id: string;
  title: string;
  status: string;
  dropReason: string | null;
  dueOn: string | null;
}

/** An item settled for good: done, or dropped with a reason someone wrote down. */
export const isSettledItem = (i: ActionItemFacts): boolean =>
  i.status === 'done' || (i.status === 'dropped' && Boolean(i.dropReason?.trim()));

/** Why a postmortem cannot be marked complete yet: one line per item still open. */
export function completenessProblems(items: readonly ActionItemFacts[]): ErrorDetail[] {
  return items
    .filter((i) => !isSettledItem(i))
    .map((i) => ({
      path: `actionItems.${i.id}`,
      message:
        i.status === 'dropped'
          ? `"${i.title}" is dropped without a reason`
          : `"${i.title}" is ${i.status.replace('_', ' ')}`,
    }));
}

/** Past its due day and not closed. `today` is YYYY-MM-DD in UTC; day strings compare in order. */
export const isOverdue = (i: { status: string; dueOn: string | null }, today: string): boolean =>
  !isClosedItem(i.status) && i.dueOn !== null && i.dueOn < today;

export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

/** A real calendar day as YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && utcDay(d) === s;
}
