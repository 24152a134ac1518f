import { describe, expect, it } from 'vitest';
import {
  canChangePostmortemStatus,
  completenessProblems,
  DEFAULT_POSTMORTEM_TEMPLATE,
  isCalendarDay,
  isOverdue,
  templateProblems,
} from './postmortem.js';
import { draftSections, formatDuration, type PostmortemFacts } from './postmortem-draft.js';
import { renderPostmortemMarkdown } from './postmortem-markdown.js';

describe('postmortem rules', () => {
  it('moves draft → in_review → published, steps back, never skips review', () => {
    expect(canChangePostmortemStatus('draft', 'in_review')).toBe(true);
    expect(canChangePostmortemStatus('in_review', 'published')).toBe(true);
    expect(canChangePostmortemStatus('in_review', 'draft')).toBe(true);
    expect(canChangePostmortemStatus('published', 'in_review')).toBe(true);
    expect(canChangePostmortemStatus('draft', 'published')).toBe(false);
    expect(canChangePostmortemStatus('published', 'draft')).toBe(false);
  });

  it('accepts the built-in template and names each problem of a bad one by path', () => {
    expect(templateProblems(DEFAULT_POSTMORTEM_TEMPLATE)).toEqual([]);
    const problems = templateProblems({
      sections: [
        { key: 'summary', heading: 'Summary', generator: 'summary' },
        { key: 'summary', heading: ' ', generator: 'impact' },
        { key: 'Bad Key', heading: 'x', generator: 'blank' },
        { key: 'a1', heading: 'Items', generator: 'action_items' },
        { key: 'a2', heading: 'More items', generator: 'action_items' },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'sections[1].key',
      'sections[1].heading',
      'sections[2].key',
      'sections',
    ]);
    expect(templateProblems({ sections: [] })).toEqual([
      { path: 'sections', message: 'needs at least one section' },
    ]);
  });

  it('is complete only when every item is done or dropped with a reason', () => {
    const item = (id: string, status: string, dropReason: string | null = null) => ({
      id,
      title: id,
      status,
      dropReason,
      dueOn: null,
    });
    expect(completenessProblems([item('a', 'done'), item('b', 'dropped', 'superseded by c')])).toEqual([]);
    expect(
      completenessProblems([item('a', 'in_progress'), item('b', 'dropped', '  '), item('c', 'done')]),
    ).toEqual([
      { path: 'actionItems.a', message: '"a" is in progress' },
      { path: 'actionItems.b', message: '"b" is dropped without a reason' },
    ]);
  });

  it('calls an item overdue after its due day until it is closed', () => {
    expect(isOverdue({ status: 'open', dueOn: '2026-01-04' }, '2026-01-05')).toBe(true);
    expect(isOverdue({ status: 'open', dueOn: '2026-01-05' }, '2026-01-05')).toBe(false);
    expect(isOverdue({ status: 'done', dueOn: '2026-01-01' }, '2026-01-05')).toBe(false);
    expect(isOverdue({ status: 'in_progress', dueOn: null }, '2026-01-05')).toBe(false);
    expect(isCalendarDay('2026-02-28')).toBe(true);
    expect(isCalendarDay('2026-02-30')).toBe(false);
    expect(isCalendarDay('2026-2-3')).toBe(false);
  });

  it('writes durations with their two largest units', () => {
    expect([45, 600, 5400, 3600, 90_000, 86_460, null].map((s) => formatDuration(s))).toEqual([
      '45s',
      '10m',
      '1h 30m',
      '1h',
      '1d 1h',
      '1d',
      'unknown',
    ]);
  });
});

const at = (hhmm: string) => new Date(`2026-01-05T${hhmm}:00Z`);
const facts: PostmortemFacts = {
  incident: {
    id: 'inc_1',
    title: 'Orders table stale',
    summary: 'The nightly load stopped.',
    severity: 'SEV2',
    type: 'freshness',
    status: 'resolved',
    declaredBy: 'vigil',
    declaredVia: 'policy',
    affectedAssets: ['main.orders'],
    commander: 'ana',
    communicationsLead: null,
    scribe: null,
    responders: ['bo'],
    times: {
      startedAt: at('07:00'),
      detectedAt: at('09:00'),
      acknowledgedAt: at('09:05'),
      mitigatedAt: at('09:30'),
      resolvedAt: at('10:00'),
    },
  },
  events: [
    { at: at('09:00'), kind: 'declared', actor: 'vigil', message: 'declared by policy', pinned: false },
    { at: at('09:01'), kind: 'note', actor: 'bo', message: 'loader | cron missing', pinned: true },
    { at: at('09:02'), kind: 'note', actor: 'bo', message: 'coffee', pinned: false },
    { at: at('09:10'), kind: 'update', actor: 'ana', message: 'investigating', pinned: false },
  ],
  alerts: [
    {
      id: 'alr_1',
      title: 'orders is stale',
      origin: 'monitor',
      severity: 'page',
      startedAt: at('09:00'),
      monitor: 'orders fresh',
      asset: 'main.orders',
    },
  ],
  rootCause: null,
  downstream: [{ name: 'main.revenue', owner: 'finance' }],
  impact: { rowsAffected: 12_345, consumers: ['finance dashboard'], badDataFrom: null, badDataTo: null },
};

describe('postmortem draft', () => {
  const sections = draftSections(DEFAULT_POSTMORTEM_TEMPLATE, facts);
  const body = (key: string) => sections.find((s) => s.key === key)?.body ?? '';

  it('follows the template and fills each section from the incident', () => {
    expect(sections.map((s) => s.key)).toEqual(DEFAULT_POSTMORTEM_TEMPLATE.sections.map((s) => s.key));
    expect(body('summary')).toContain('detected 2h later and resolved 1h after detection');
    expect(body('impact')).toContain('`main.revenue`; owners: finance');
    expect(body('impact')).toContain('**Rows affected:** 12,345');
    expect(body('impact')).toContain('**Duration:** 3h');
    expect(body('detection')).toContain('**Time to detect:** 2h');
    expect(body('response')).toContain('**Time to acknowledge:** 5m');
    expect(body('response')).toContain('**Stakeholder updates sent:** 1');
    expect(body('trigger')).toContain('"orders is stale" (monitor, monitor orders fresh)');
    expect(body('root_cause')).toContain('### Five whys');
    expect(body('went_badly')).toContain('Detection took 2h');
  });

  it('keeps pinned and key events in the timeline, escaping table pipes', () => {
    expect(body('timeline')).toContain('2026-01-05 09:01 UTC | 📌 loader \\| cron missing | bo |');
    expect(body('timeline')).toContain('declared by policy');
    expect(body('timeline')).not.toContain('coffee');
  });

  it('uses a custom template, with placeholders for blank sections', () => {
    const custom = draftSections(
      {
        sections: [
          {
            key: 'customer_comms',
            heading: 'Customer comms',
            generator: 'blank',
            placeholder: 'Who was told?',
          },
        ],
      },
      facts,
    );
    expect(custom).toEqual([
      { key: 'customer_comms', heading: 'Customer comms', generator: 'blank', body: 'Who was told?' },
    ]);
  });

  it('exports Markdown with the action items as a table after their section', () => {
    const md = renderPostmortemMarkdown({
      title: 'Postmortem: Orders table stale',
      status: 'published',
      incidentId: 'inc_1',
      severity: 'SEV2',
      draftedAt: at('11:00'),
      publishedAt: at('12:00'),
      completedAt: null,
      sections,
      actionItems: [
        {
          kind: 'detect',
          title: 'Freshness SLO on orders',
          owner: 'ana',
          dueOn: '2026-01-20',
          status: 'open',
          dropReason: null,
          link: 'https://tickets.example/1',
        },
        {
          kind: 'prevent',
          title: 'Alert on cron edits',
          owner: null,
          dueOn: null,
          status: 'dropped',
          dropReason: 'cron retired',
          link: null,
        },
      ],
    });
    expect(md.startsWith('# Postmortem: Orders table stale\n\n_Status: published')).toBe(true);
    expect(md).toContain('## Root cause and five whys');
    expect(md).toContain(
      '| detect | [Freshness SLO on orders](https://tickets.example/1) | ana | 2026-01-20 | open |',
    );
    expect(md).toContain('| prevent | Alert on cron edits | — | — | dropped: cron retired |');
    expect(md.indexOf('| kind | item |')).toBeGreaterThan(md.indexOf('## Action items'));
  });
});
