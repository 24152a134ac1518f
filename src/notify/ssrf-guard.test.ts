import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAddress, checkUrl, guardedFetch, outboundPolicy, resolveHost } from './ssrf-guard.js';
import { type Receiver, startReceiver } from './testing/receiver.js';
import { scriptedResolver } from './testing/fixtures.js';

const strict = outboundPolicy();

describe('checkAddress refuses every non-public range', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'this network'],
    ['0.1.2.3', 'this network'],
    ['10.1.2.3', 'private address (10.0.0.0/8)'],
    ['172.16.0.1', 'private address (172.16.0.0/12)'],
    ['172.31.255.255', 'private address (172.16.0.0/12)'],
    ['192.168.1.1', 'private address (192.168.0.0/16)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['169.254.10.1', 'link-local address (169.254.0.0/16)'],
    ['169.254.169.254', 'cloud metadata'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback address (::1)'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local address (fe80::/10)'],
    ['febf::1', 'link-local address (fe80::/10)'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback address (127.0.0.0/8)'],
    ['::ffff:7f00:1', 'loopback address (127.0.0.0/8)'],
    ['::ffff:10.0.0.1', 'private address (10.0.0.0/8)'],
    ['::ffff:a9fe:a9fe', 'cloud metadata'],
    ['64:ff9b::a9fe:a9fe', 'NAT64'],
    ['2002:7f00:1::', '6to4'],
  ])('%s is refused as %s', (address, label) => {
    const verdict = checkAddress(address, strict);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toContain(label);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700::1111'])(
    'public %s is allowed',
    (address) => {
      expect(checkAddress(address, strict)).toEqual({ ok: true });
    },
  );

  it('an admin allowance opens exactly its range', () => {
    const policy = outboundPolicy({ allowCidrs: ['127.0.0.0/8', '10.20.0.0/16'] });
    expect(checkAddress('127.0.0.1', policy).ok).toBe(true);
    expect(checkAddress('::ffff:127.0.0.1', policy).ok).toBe(true);
    expect(checkAddress('10.20.3.4', policy).ok).toBe(true);
    expect(checkAddress('10.21.0.1', policy).ok).toBe(false);
    expect(checkAddress('::1', policy).ok).toBe(false);
  });

  it('a broad allowance does not open a metadata address; naming it exactly does', () => {
    expect(checkAddress('169.254.169.254', outboundPolicy({ allowCidrs: ['169.254.0.0/16'] })).ok).toBe(
      false,
    );
    expect(checkAddress('169.254.1.1', outboundPolicy({ allowCidrs: ['169.254.0.0/16'] })).ok).toBe(true);
    expect(checkAddress('169.254.169.254', outboundPolicy({ allowCidrs: ['169.254.169.254/32'] })).ok).toBe(
      true,
    );
  });

  it('a malformed allowance is refused at start-up with its text', () => {
    expect(() => outboundPolicy({ allowCidrs: ['10.0.0.0/33', 'nonsense'] })).toThrow(
      'not a CIDR range: 10.0.0.0/33, nonsense',
    );
  });
});

describe('checkUrl at save time', () => {
  const resolver = scriptedResolver({
    'internal.example.com': [['10.0.0.7']],
    'mixed.example.com': [['93.184.216.34', '192.168.0.10']],
    'public.example.com': [['93.184.216.34']],
    'v6.example.com': [['fd00::5']],
  });
  const policy = outboundPolicy({ resolve: resolver });

  it.each([
    ['ftp://files.example.com/x', 'the ftp scheme is not allowed'],
    ['file:///etc/passwd', 'the file scheme is not allowed'],
    ['gopher://127.0.0.1:6379/_INFO', 'the gopher scheme is not allowed'],
    ['not a url', 'not a valid URL'],
    [
      'http://metadata.google.internal/computeMetadata/v1/',
      'metadata.google.internal is a cloud metadata host',
    ],
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata address'],
    ['http://2130706433/', '127.0.0.1 is a loopback'],
    ['http://0x7f.1/', '127.0.0.1 is a loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://[::1]:8080/', 'loopback address (::1)'],
    [
      'https://internal.example.com/hook?token=s3cret',
      'internal.example.com resolves to 10.0.0.7, a private address (10.0.0.0/8)',
    ],
    ['https://mixed.example.com/hook', 'mixed.example.com resolves to 192.168.0.10, a private address'],
    ['https://v6.example.com/hook', 'unique local'],
    ['https://nowhere.example.com/hook', 'nowhere.example.com could not be resolved (ENOTFOUND)'],
  ])('%s is refused: %s', async (url, reason) => {
    const verdict = await checkUrl(url, policy);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.reason).toContain(reason);
      expect(verdict.reason).not.toContain('s3cret');
    }
  });

  it('a public host is accepted', async () => {
    expect(await checkUrl('https://public.example.com/services/T0/B0/xyz', policy)).toEqual({ ok: true });
  });

  it('an SMTP host goes through the same check', async () => {
    expect(await resolveHost('internal.example.com', policy)).toMatchObject({ ok: false });
    expect(await resolveHost('public.example.com', policy)).toEqual({ ok: true, address: '93.184.216.34' });
  });
});

describe('guardedFetch', () => {
  const receivers: Receiver[] = [];
  const start = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  };
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('reaches an allowed loopback receiver and refuses it without the allowance', async () => {
    const receiver = await start();
    const allowed = await guardedFetch(
      `${receiver.origin}/hook`,
      { body: '{}' },
      outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }),
    );
    expect(allowed).toMatchObject({
      ok: true,
      response: { status: 200, body: 'ok', remoteAddress: '127.0.0.1' },
    });
    const refused = await guardedFetch(`${receiver.origin}/hook`, { body: '{}' }, strict);
    expect(refused).toMatchObject({ ok: false, kind: 'refused' });
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not follow a redirect unless asked', async () => {
    const receiver = await start({ respond: () => ({ status: 307, headers: { location: '/elsewhere' } }) });
    const policy = outboundPolicy({ allowCidrs: ['127.0.0.0/8'] });
    const outcome = await guardedFetch(`${receiver.origin}/hook`, { body: '{}' }, policy);
    expect(outcome).toMatchObject({ ok: true, response: { status: 307 } });
    expect(receiver.requests).toHaveLength(1);
  });

  it('re-checks every hop: a redirect to the metadata address is refused before connecting', async () => {
    const receiver = await start({
      respond: () => ({ status: 307, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }),
    });
    const policy = outboundPolicy({ allowCidrs: ['127.0.0.0/8'] });
    const outcome = await guardedFetch(`${receiver.origin}/hook`, { body: '{}', maxRedirects: 3 }, policy);
    expect(outcome).toEqual({
      ok: false,
      kind: 'refused',
      reason: 'redirect refused: 169.254.169.254 is a cloud metadata address',
    });
  });

  it('follows an allowed 307 with the same method and body, dropping credentials across origins', async () => {
    const target = await start();
    const first = await start({
      respond: () => ({ status: 307, headers: { location: `${target.origin}/final` } }),
    });
    const policy = outboundPolicy({ allowCidrs: ['127.0.0.0/8'] });
    const outcome = await guardedFetch(
      `${first.origin}/hook`,
      { body: '{"a":1}', maxRedirects: 1, headers: { authorization: 'Bearer t0k3n' } },
      policy,
    );
    expect(outcome).toMatchObject({ ok: true, response: { status: 200 } });
    expect(target.requests[0]).toMatchObject({ method: 'POST', path: '/final', body: '{"a":1}' });
    expect(target.requests[0]?.headers.authorization).toBeUndefined();
    expect(first.requests[0]?.headers.authorization).toBe('Bearer t0k3n');
  });

  it('checks the address at send time: a host that rebinds after the save-time check is refused', async () => {
    const receiver = await start();
    const resolver = scriptedResolver({ 'rebind.test': [['127.0.0.1'], ['127.0.0.2']] });
    const policy = outboundPolicy({ allowCidrs: ['127.0.0.1/32'], resolve: resolver });
    const url = `http://rebind.test:${receiver.port}/hook`;
    expect(await checkUrl(url, policy)).toEqual({ ok: true });
    const outcome = await guardedFetch(url, { body: '{}' }, policy);
    expect(outcome).toMatchObject({ ok: false, kind: 'refused' });
    if (!outcome.ok) expect(outcome.reason).toContain('127.0.0.2');
    expect(receiver.requests).toHaveLength(0);
  });

  it('pins the lookup: the request goes to the address that was checked, not a second answer', async () => {
    const checked = await start({ host: '127.0.0.1', respond: () => ({ status: 200, body: 'checked' }) });
    const other = await start({
      host: '127.0.0.2',
      port: checked.port,
      respond: () => ({ status: 200, body: 'other' }),
    });
    const resolver = scriptedResolver({ 'pinned.test': [['127.0.0.1'], ['127.0.0.2']] });
    const policy = outboundPolicy({ allowCidrs: ['127.0.0.0/8'], resolve: resolver });
    const outcome = await guardedFetch(`http://pinned.test:${checked.port}/hook`, { body: '{}' }, policy);
    expect(outcome).toMatchObject({ ok: true, response: { body: 'checked', remoteAddress: '127.0.0.1' } });
    expect(resolver.calls).toEqual(['pinned.test']);
    expect(other.requests).toHaveLength(0);
    expect(checked.requests[0]?.headers.host).toBe(`pinned.test:${checked.port}`);
  });

  it('gives up after the timeout', async () => {
    const receiver = await start({ respond: () => 'hang' });
    const policy = outboundPolicy({ allowCidrs: ['127.0.0.0/8'] });
    const outcome = await guardedFetch(`${receiver.origin}/hook`, { body: '{}', timeoutMs: 150 }, policy);
    expect(outcome).toEqual({ ok: false, kind: 'timeout', reason: 'timed out' });
  });

  it('a response cut off mid-body is a network failure; one that stalls mid-body times out', async () => {
    const sockets: Socket[] = [];
    let stall = false;
    const raw = createServer((socket) => {
      sockets.push(socket);
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
        if (!stall) socket.destroy();
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(raw.address() as { port: number }).port}/hook`;
    const policy = outboundPolicy({ allowCidrs: ['127.0.0.0/8'] });
    try {
      expect(await guardedFetch(url, { body: '{}' }, policy)).toMatchObject({ ok: false, kind: 'network' });
      stall = true;
      expect(await guardedFetch(url, { body: '{}', timeoutMs: 200 }, policy)).toEqual({
        ok: false,
        kind: 'timeout',
        reason: 'timed out',
      });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  });

  it('IPv6 literals are guarded too: [::1] needs its own allowance', async () => {
    const receiver = await start({ host: '::1' });
    const url = `${receiver.origin}/hook`;
    expect(await guardedFetch(url, { body: '{}' }, outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }))).toEqual({
      ok: false,
      kind: 'refused',
      reason: '::1 is a loopback address (::1)',
    });
    const allowed = await guardedFetch(url, { body: '{}' }, outboundPolicy({ allowCidrs: ['::1/128'] }));
    expect(allowed).toMatchObject({ ok: true, response: { status: 200, remoteAddress: '::1' } });
  });
});
