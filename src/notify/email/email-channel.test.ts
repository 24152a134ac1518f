import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelConfigSchema, createNotifier } from '../registry.js';
import { outboundPolicy } from '../ssrf-guard.js';
import { firingMessage, loopbackDeps } from '../testing/fixtures.js';
import { leafParts, parseMime } from '../testing/mime.js';
import { type SmtpSink, startSmtpSink } from '../testing/smtp-sink.js';

let open: SmtpSink;
let authed: SmtpSink;

beforeAll(async () => {
  open = await startSmtpSink();
  authed = await startSmtpSink({ auth: { user: 'vigil', pass: 'Pa55w0rd!secret' } });
});
afterAll(async () => {
  await open.close();
  await authed.close();
});

const email = (port: number, extra: Record<string, unknown> = {}) =>
  channelConfigSchema.parse({
    kind: 'email',
    host: '127.0.0.1',
    port,
    security: 'none',
    from: 'Vigil <vigil@example.com>',
    to: ['oncall@example.com', 'data@example.com'],
    ...extra,
  });

describe('email over SMTP', () => {
  it('delivers an HTML and a text part to a real SMTP server', async () => {
    const notifier = createNotifier(email(open.port), loopbackDeps());
    const result = await notifier.send(firingMessage());
    expect(result).toMatchObject({ ok: true, status: 250, reference: '<outbox-42-attempt-group@vigil>' });

    const mail = open.mails.at(-1);
    expect(mail?.from).toBe('vigil@example.com');
    expect(mail?.to).toEqual(['oncall@example.com', 'data@example.com']);
    const parsed = parseMime(mail?.raw ?? '');
    expect(parsed.headers.subject).toBe('[Vigil] Firing: orders is late');
    expect(parsed.headers['message-id']).toBe('<outbox-42-attempt-group@vigil>');
    expect(parsed.headers['x-vigil-event']).toBe('alert.firing');
    expect(parsed.contentType).toBe('multipart/alternative');

    const parts = leafParts(parsed);
    expect(parts.map((p) => p.contentType)).toEqual(['text/plain', 'text/html']);
    const [text, html] = parts.map((p) => p.text);
    expect(text).toContain('Severity: Page');
    expect(text).toContain('Asset: warehouse.public.orders');
    expect(text).toContain('Observed: last row 3 h 12 min ago');
    expect(text).toContain('Expected: a new row every 30 min');
    expect(text).toContain('Freshness of <orders> & friends broke its band.');
    expect(text).toContain('Acknowledge: https://vigil.example.com/a/ack?sig=abc&t=1');
    expect(text).toContain('Runbook: https://wiki.example.com/runbooks/orders');

    expect(html).toContain('<h2 style="margin:0 0 12px 0">Firing: orders is late</h2>');
    expect(html).toContain('Freshness of &lt;orders&gt; &amp; friends broke its band.');
    expect(html).toContain('<td style="padding:4px 0">last row 3 h 12 min ago</td>');
    expect(html).toMatch(
      /<a href="https:\/\/vigil\.example\.com\/a\/ack\?sig=abc&amp;t=1"[^>]*>Acknowledge<\/a>/,
    );
    expect(html).toMatch(
      /<a href="https:\/\/vigil\.example\.com\/a\/resolve\?sig=def&amp;t=1"[^>]*>Resolve<\/a>/,
    );
    expect(html).not.toContain('<orders>');
  });

  it('renders the text template into both parts, escaped for HTML', async () => {
    const notifier = createNotifier(
      email(open.port, {
        templates: { title: '{{severity}} on {{asset}}', text: 'Seen: {{observed}} <b>now</b>' },
      }),
      loopbackDeps(),
    );
    await notifier.send(firingMessage({ observed: '<script>x</script>' }));
    const parsed = parseMime(open.mails.at(-1)?.raw ?? '');
    expect(parsed.headers.subject).toBe('[Vigil] page on warehouse.public.orders');
    const [text, html] = leafParts(parsed).map((p) => p.text);
    expect(text).toContain('Seen: <script>x</script> <b>now</b>');
    expect(html).toContain('Seen: &lt;script&gt;x&lt;/script&gt; <b>now</b>');
  });

  it('authenticates, and a wrong password fails for good without showing it', async () => {
    const good = createNotifier(
      email(authed.port, { username: 'vigil', password: 'Pa55w0rd!secret' }),
      loopbackDeps(),
    );
    expect(await good.sendTest()).toMatchObject({ ok: true, status: 250 });
    expect(authed.mails.at(-1)?.user).toBe('vigil');
    expect(parseMime(authed.mails.at(-1)?.raw ?? '').headers.subject).toBe(
      '[Vigil] Test: Vigil test message',
    );

    const bad = createNotifier(
      email(authed.port, { username: 'vigil', password: 'WrongPa55!' }),
      loopbackDeps(),
    );
    const result = await bad.send(firingMessage());
    expect(result).toMatchObject({ ok: false, retryable: false, status: 535, code: 'rejected' });
    if (!result.ok) expect(result.error).not.toContain('WrongPa55!');
  });

  it('a 4yz reply is retried, a 5yz reply is final', async () => {
    const notifier = createNotifier(email(open.port), loopbackDeps());
    open.rejectRecipientsWith(451);
    expect(await notifier.send(firingMessage())).toMatchObject({ ok: false, retryable: true, status: 451 });
    open.rejectRecipientsWith(550);
    expect(await notifier.send(firingMessage())).toMatchObject({ ok: false, retryable: false, status: 550 });
    open.rejectRecipientsWith(undefined);
  });

  it('a server that never greets times out, retryably', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as { port: number }).port;
    try {
      const notifier = createNotifier(email(port, { timeoutMs: 300 }), loopbackDeps());
      expect(await notifier.send(firingMessage())).toMatchObject({
        ok: false,
        retryable: true,
        code: 'timeout',
      });
    } finally {
      silent.close();
    }
  });

  it('the SMTP host passes the SSRF guard too', async () => {
    const notifier = createNotifier(email(open.port), loopbackDeps({ policy: outboundPolicy() }));
    const before = open.mails.length;
    expect(await notifier.send(firingMessage())).toEqual({
      ok: false,
      retryable: false,
      code: 'refused',
      error: 'SMTP: address refused: 127.0.0.1 is a loopback address (127.0.0.0/8)',
    });
    expect(open.mails.length).toBe(before);
  });
});
