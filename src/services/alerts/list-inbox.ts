import type { ServiceContext } from '../context.js';

/**
 * The inbox: what the `inbox` channels received, newest first. An inbox channel sends nothing out
 * (src/notify/inbox/); its outbox rows are the messages. Each item names the alert it is about
 * (the alert episode the message's first alert started) and the incident that alert is in, or the
 * incident an incident update is about, so the UI can link to them.
 */
export interface InboxItem {
  id: number;
  channel: string;
  kind: string;
  title: string;
  severity: string;
  status: string;
  text: string;
  asset: string | null;
  occurredAt: string;
  alert: { id: string; title: string } | null;
  incident: { id: string; title: string } | null;
}

export interface Inbox {
  /** The inbox channels that exist; none means notifications go elsewhere (or nowhere). */
  channels: string[];
  items: InboxItem[];
}

interface StoredMessage {
  kind?: string;
  title?: string;
  severity?: string;
  status?: string;
  text?: string;
  asset?: string;
  occurredAt?: string;
  alerts?: Array<{ fingerprint?: string; startedAt?: string }>;
  incident?: { id?: string; title?: string };
}

export async function listInbox({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { channel?: string | undefined; limit: number; beforeId?: number | undefined };
}): Promise<Inbox> {
  const db = ctx.store.db;
  const channels = (
    await db
      .selectFrom('channels')
      .select('name')
      .where('kind', '=', 'inbox')
      .where('deleted_at', 'is', null)
      .orderBy('name')
      .execute()
  ).map((c) => c.name);
  const wanted = input.channel ? channels.filter((c) => c === input.channel) : channels;
  if (wanted.length === 0) return { channels, items: [] };
  let q = db
    .selectFrom('outbox')
    .select(['id', 'channel_name', 'message', 'created_at'])
    .where('channel_name', 'in', wanted)
    .orderBy('id', 'desc')
    .limit(input.limit);
  if (input.beforeId !== undefined) q = q.where('id', '<', input.beforeId);
  const rows = await q.execute();
  const messages = rows.map((r) => ({ row: r, m: r.message as StoredMessage }));

  // The alert episode each message is about: its first alert's fingerprint and start.
  const fingerprints = [
    ...new Set(messages.flatMap(({ m }) => (m.alerts?.[0]?.fingerprint ? [m.alerts[0].fingerprint] : []))),
  ];
  const alerts = fingerprints.length
    ? await db
        .selectFrom('alerts')
        .select(['id', 'fingerprint', 'title', 'started_at'])
        .where('fingerprint', 'in', fingerprints)
        .execute()
    : [];
  const alertOf = (m: StoredMessage) => {
    const first = m.alerts?.[0];
    if (!first?.fingerprint) return undefined;
    const episodes = alerts.filter((a) => a.fingerprint === first.fingerprint);
    const started = first.startedAt ? Date.parse(first.startedAt) : Number.NaN;
    return (
      episodes.find((a) => a.started_at.getTime() === started) ??
      episodes.sort((a, b) => b.started_at.getTime() - a.started_at.getTime())[0]
    );
  };
  const alertIds = [...new Set(messages.flatMap(({ m }) => alertOf(m)?.id ?? []))];
  const links = alertIds.length
    ? await db
        .selectFrom('incident_alerts')
        .innerJoin('incidents', 'incidents.id', 'incident_alerts.incident_id')
        .select(['incident_alerts.alert_id', 'incidents.id', 'incidents.title'])
        .where('incident_alerts.alert_id', 'in', alertIds)
        .execute()
    : [];
  const named = messages.flatMap(({ m }) => (m.incident?.id ? [m.incident.id] : []));
  const incidents = named.length
    ? await db.selectFrom('incidents').select(['id', 'title']).where('id', 'in', named).execute()
    : [];

  return {
    channels,
    items: messages.map(({ row, m }) => {
      const alert = alertOf(m);
      const link = alert ? links.find((l) => l.alert_id === alert.id) : undefined;
      const incident = m.incident?.id ? incidents.find((i) => i.id === m.incident?.id) : undefined;
      return {
        id: row.id,
        channel: row.channel_name,
        kind: m.kind ?? 'alert.firing',
        title: m.title ?? '',
        severity: m.severity ?? 'ticket',
        status: m.status ?? '',
        text: m.text ?? '',
        asset: m.asset ?? null,
        occurredAt: m.occurredAt ?? row.created_at.toISOString(),
        alert: alert ? { id: alert.id, title: alert.title } : null,
        incident: incident
          ? { id: incident.id, title: incident.title }
          : link
            ? { id: link.id, title: link.title }
            : null,
      };
    }),
  };
}
