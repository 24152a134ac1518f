import { ManualClock } from '../../domain/clock.js';
import type { NotificationMessage } from '../message.js';
import type { NotifierDeps } from '../notifier.js';
import { type HostResolver, outboundPolicy, type ResolvedAddress } from '../ssrf-guard.js';

/** Tests talk to receivers on loopback, which an admin allowance opens exactly as in production. */
export function loopbackDeps(overrides: Partial<NotifierDeps> = {}): NotifierDeps {
  return {
    policy: outboundPolicy({ allowCidrs: ['127.0.0.0/8'] }),
    clock: new ManualClock('2026-01-05T09:00:00Z'),
    ...overrides,
  };
}

/** DNS answers scripted per host name: each call takes the next answer, the last one repeats. */
export function scriptedResolver(answers: Record<string, string[][]>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.push(hostname);
    const list = answers[hostname];
    if (!list) throw Object.assign(new Error(`no such host ${hostname}`), { code: 'ENOTFOUND' });
    const seen = calls.filter((c) => c === hostname).length;
    const addresses = list[Math.min(seen, list.length) - 1] ?? [];
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}

export function firingMessage(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    kind: 'alert.firing',
    title: 'orders is late',
    severity: 'page',
    status: 'firing',
    asset: 'warehouse.public.orders',
    observed: 'last row 3 h 12 min ago',
    expected: 'a new row every 30 min',
    text: 'Freshness of <orders> & friends broke its band.',
    alerts: [
      {
        fingerprint: 'fp-orders-freshness',
        labels: { owner: 'data-platform', domain: 'sales' },
        startedAt: '2026-01-05T08:55:00Z',
        value: 11520,
      },
    ],
    links: {
      monitor: 'https://vigil.example.com/monitors/m1',
      runbook: 'https://wiki.example.com/runbooks/orders',
      incident: 'https://vigil.example.com/incidents/i1',
      acknowledge: 'https://vigil.example.com/a/ack?sig=abc&t=1',
      resolve: 'https://vigil.example.com/a/resolve?sig=def&t=1',
    },
    idempotencyKey: 'outbox-42-attempt-group',
    dedupKey: 'vigil-group-orders-freshness',
    occurredAt: '2026-01-05T09:00:00Z',
    ...overrides,
  };
}
