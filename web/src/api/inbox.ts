import type { VigilApi } from './client.js';

/** A notification kept by an inbox channel, as GET /api/v1/inbox answers it. */
export interface InboxItem {
  id: number;
  channel: string;
  /** alert.firing, alert.resolved, alert.acknowledged, incident.update, test, digest */
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
  /** The inbox channels that exist. */
  channels: string[];
  items: InboxItem[];
}

export function inboxApi(api: VigilApi) {
  return {
    list: (query: { channel?: string; limit?: number; before?: number } = {}) =>
      api.call<Inbox>('listInbox', { query }),
  };
}
