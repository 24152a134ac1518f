import type { GroupNotification, RoutableAlert } from '../../domain/routing/index.js';
import { boundedKey, fitMessage, type NotificationMessage } from '../../notify/index.js';

const RANK = { page: 3, ticket: 2, log: 1 } as const;
type Sev = keyof typeof RANK;

/** Builds the channel-neutral message for one group notification; channels render it. */
export function alertGroupMessage(input: {
  groupKey: string;
  sequence: number;
  notification: GroupNotification;
  now: Date;
  publicUrl?: string | undefined;
}): NotificationMessage {
  const { notification: n } = input;
  const all: RoutableAlert[] = [...n.firing, ...n.resolved];
  const first = n.firing[0] ?? n.resolved[0];
  const severity = all.reduce<Sev>((worst, a) => {
    const s = (a.labels.severity ?? 'ticket') as Sev;
    return (RANK[s] ?? 0) > RANK[worst] ? s : worst;
  }, 'log');
  const firing = n.firing.length;
  const title =
    firing > 0
      ? `[FIRING${firing > 1 ? `:${firing}` : ''}] ${first?.annotations.title ?? first?.fingerprint}${firing > 1 ? ` and ${firing - 1} more` : ''}`
      : `[RESOLVED] ${first?.annotations.title ?? first?.fingerprint}${n.resolved.length > 1 ? ` and ${n.resolved.length - 1} more` : ''}`;
  const base = input.publicUrl?.replace(/\/$/, '');
  const monitorId = first?.labels.monitor_id;
  const extra = first?.annotations as Record<string, string | undefined> | undefined;
  // Vigil's monitors say `runbook`; Prometheus rules by convention `runbook_url`.
  const runbook = [extra?.runbook, extra?.runbook_url].find((r) => r && /^https?:\/\/\S+$/.test(r.trim()));
  const message: NotificationMessage = {
    kind: firing > 0 ? 'alert.firing' : 'alert.resolved',
    title,
    severity,
    status: firing > 0 ? 'firing' : 'resolved',
    ...(first?.labels.asset ? { asset: first.labels.asset } : {}),
    ...(extra?.observed ? { observed: extra.observed } : {}),
    ...(extra?.expected ? { expected: extra.expected } : {}),
    text: first?.annotations.summary ?? '',
    alerts: all.map((a) => ({
      fingerprint: a.fingerprint,
      labels: a.labels,
      startedAt: a.startsAt.toISOString(),
      title: a.annotations.title,
      status: n.resolved.includes(a) ? 'resolved' : a.acknowledgedAt ? 'acknowledged' : 'firing',
    })),
    links: {
      ...(base && monitorId ? { monitor: `${base}/monitors/${monitorId}` } : {}),
      ...(runbook ? { runbook: runbook.trim() } : {}),
    },
    // A group_by ['...'] key holds every label and may be any length; receivers cap ids at 255.
    idempotencyKey: boundedKey(`${input.groupKey}#${input.sequence}`),
    dedupKey: boundedKey(input.groupKey),
    occurredAt: input.now.toISOString(),
  };
  return fitMessage(message) as NotificationMessage;
}
