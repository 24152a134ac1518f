import { describe, expect, it } from 'vitest';
import { teamsWorkflowProblems } from './adaptive-card-shape.js';
import { pagerDutyEventProblems } from './pagerduty-shape.js';
import { slackWebhookProblems } from './slack-shape.js';

/** The shape checks must catch what the vendors refuse, or the channel tests prove nothing. */
describe('vendor shape checks catch malformed payloads', () => {
  it('Slack', () => {
    const problems = slackWebhookProblems({
      blocks: [
        { type: 'header', text: { type: 'mrkdwn', text: 'x'.repeat(151) } },
        { type: 'section' },
        {
          type: 'actions',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'a' }, url: 'nope' }],
        },
        { type: 'table' },
      ],
    });
    expect(problems).toEqual([
      'text: the fallback text is required',
      'blocks[0].text.type: must be plain_text',
      'blocks[0].text.text: longer than 150',
      'blocks[1]: text or fields required',
      'blocks[2].elements[0].action_id: required, ≤255',
      'blocks[2].elements[0].url: a URL of at most 3000 characters',
      'blocks[3].type: not a message block type',
    ]);
  });

  it('Teams', () => {
    const problems = teamsWorkflowProblems({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.card.o365connector',
          content: {
            type: 'AdaptiveCard',
            version: '1.2',
            body: [{ type: 'TextBlock', text: 'x', style: 'heading', size: 'Huge' }, { type: 'FactSet' }],
            actions: [{ type: 'Action.OpenUrl', title: 'x', style: 'danger' }],
          },
        },
      ],
    });
    expect(problems).toEqual([
      'attachments[0].contentType: application/vnd.microsoft.card.adaptive',
      'attachments[0].content.version: 1.4 or later',
      'attachments[0].content.body[0].style: not a TextBlock property in 1.4',
      'attachments[0].content.body[0].size: one of Default, Small, Medium, Large, ExtraLarge',
      'attachments[0].content.body[1].facts: required array',
      'attachments[0].content.actions[0].url: required URI',
      'attachments[0].content.actions[0].style: default, positive or destructive',
    ]);
  });

  it('PagerDuty', () => {
    expect(
      pagerDutyEventProblems({
        routing_key: 'short',
        event_action: 'trigger',
        payload: { summary: '', source: 'x', severity: 'high' },
      }),
    ).toEqual([
      'routing_key: the 32-character integration key is required',
      'payload.summary: required, at most 1024 characters',
      'payload.severity: one of critical,error,warning,info',
    ]);
    expect(pagerDutyEventProblems({ routing_key: 'x'.repeat(32), event_action: 'resolve' })).toEqual([
      'dedup_key: required to acknowledge or resolve',
    ]);
  });
});
