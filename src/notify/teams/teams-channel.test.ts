import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifier } from '../registry.js';
import { firingMessage, loopbackDeps } from '../testing/fixtures.js';
import { type Receiver, startReceiver } from '../testing/receiver.js';
import { teamsWorkflowProblems } from '../testing/shapes/adaptive-card-shape.js';
import type { TeamsPayload } from './teams-card.js';

let receiver: Receiver;
let problems: string[][] = [];

beforeAll(async () => {
  // A Workflows trigger answers 202 Accepted; a malformed card gets 400.
  receiver = await startReceiver({
    respond: (req) => {
      const found = teamsWorkflowProblems(JSON.parse(req.body));
      problems.push(found);
      return found.length === 0 ? { status: 202 } : { status: 400, body: JSON.stringify({ error: found }) };
    },
  });
});
afterAll(() => receiver.close());

const url = () =>
  `${receiver.origin}/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SiGnAtUrE123`;
const lastCard = () =>
  (JSON.parse(receiver.requests.at(-1)?.body ?? '{}') as TeamsPayload).attachments[0]?.content;

describe('Microsoft Teams Workflows webhook', () => {
  it('posts a message envelope holding one Adaptive Card 1.4', async () => {
    problems = [];
    const notifier = createNotifier({ kind: 'teams', url: url() }, loopbackDeps());
    expect(await notifier.send(firingMessage())).toEqual({ ok: true, status: 202 });
    expect(problems).toEqual([[]]);
    const raw = JSON.parse(receiver.requests.at(-1)?.body ?? '{}');
    expect(raw.type).toBe('message');
    expect(raw.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');

    const card = lastCard();
    expect(card?.version).toBe('1.4');
    expect(card?.body[0]).toMatchObject({
      type: 'TextBlock',
      text: 'Firing: orders is late',
      color: 'Attention',
    });
    expect(card?.body[1]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Severity', value: 'Page' },
        { title: 'Status', value: 'firing' },
        { title: 'Asset', value: 'warehouse.public.orders' },
        { title: 'Observed', value: 'last row 3 h 12 min ago' },
        { title: 'Expected', value: 'a new row every 30 min' },
      ],
    });
    expect(card?.actions?.map((a) => [a.title, a.style])).toEqual([
      ['Monitor', undefined],
      ['Runbook', undefined],
      ['Incident', undefined],
      ['Acknowledge', 'positive'],
      ['Resolve', 'destructive'],
    ]);
    expect(card?.actions?.[3]?.url).toBe('https://vigil.example.com/a/ack?sig=abc&t=1');
  });

  it('escapes markdown in values so asset names keep their underscores', async () => {
    const notifier = createNotifier({ kind: 'teams', url: url() }, loopbackDeps());
    await notifier.send(firingMessage({ asset: 'raw_events_*' }));
    expect(JSON.stringify(lastCard()?.body)).toContain('raw\\\\_events\\\\_\\\\*');
  });

  it('sends a test message', async () => {
    problems = [];
    const notifier = createNotifier({ kind: 'teams', url: url() }, loopbackDeps());
    expect(await notifier.sendTest()).toEqual({ ok: true, status: 202 });
    expect(problems).toEqual([[]]);
    expect(lastCard()?.body[0]).toMatchObject({ text: 'Test: Vigil test message' });
  });

  it('a 401 from the flow is permanent and the signature stays out of the error', async () => {
    const failing = await startReceiver({ respond: () => ({ status: 401, body: `bad sig=SiGnAtUrE123` }) });
    try {
      const notifier = createNotifier(
        { kind: 'teams', url: `${failing.origin}/workflows/x?sig=SiGnAtUrE123` },
        loopbackDeps(),
      );
      const result = await notifier.send(firingMessage());
      expect(result).toMatchObject({ ok: false, retryable: false, status: 401 });
      if (!result.ok) expect(result.error).not.toContain('SiGnAtUrE123');
    } finally {
      await failing.close();
    }
  });
});
