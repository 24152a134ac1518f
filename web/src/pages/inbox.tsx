import { useEffect, useState } from 'react';
import { type Inbox, type InboxItem, inboxApi } from '../api/inbox.js';
import { useApi } from '../api/session.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loaded } from '../components/loaded.js';
import { SeverityBadge } from '../components/severity-badge.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link } from '../router.js';

const PAGE = 50;

const KIND_TEXT: Record<string, string> = {
  'alert.firing': 'firing',
  'alert.resolved': 'resolved',
  'alert.acknowledged': 'acknowledged',
  'incident.update': 'incident update',
  test: 'test message',
  digest: 'digest',
};

function ItemRow({ item, showChannel }: { item: InboxItem; showChannel: boolean }) {
  return (
    <tr>
      <td>
        <Time iso={item.occurredAt} short />
      </td>
      <td>
        <SeverityBadge severity={item.severity} />
      </td>
      <td className="message">
        <strong>{item.title}</strong>
        {item.text && <div className="muted small">{item.text}</div>}
        <div className="small">
          <span className="muted">{KIND_TEXT[item.kind] ?? item.kind}</span>
          {showChannel && <span className="muted"> · {item.channel}</span>}
        </div>
      </td>
      <td>
        {item.alert && (
          <div>
            <Link
              to={`/alerts/${encodeURIComponent(item.alert.id)}`}
              aria-label={`Alert: ${item.alert.title}`}
            >
              Alert
            </Link>
          </div>
        )}
        {item.incident && (
          <div>
            <Link
              to={`/incidents/${encodeURIComponent(item.incident.id)}`}
              title={item.incident.title}
              aria-label={`Incident: ${item.incident.title}`}
            >
              Incident
            </Link>
          </div>
        )}
      </td>
    </tr>
  );
}

function Empty({ inbox }: { inbox: Inbox }) {
  if (inbox.channels.length === 0)
    return (
      <EmptyState title="No inbox channel">
        <p>
          An <strong>inbox</strong> channel keeps notifications in Vigil instead of sending them to Slack,
          e-mail or a pager: useful to try routing rules, or where nothing else is set up. Add one under{' '}
          <Link to="/settings/channels">Settings → Channels</Link> (kind “Inbox”) and route alerts to it; what
          it receives is listed here.
        </p>
      </EmptyState>
    );
  return (
    <EmptyState title="Nothing in the inbox yet">
      <p>
        Notifications routed to {inbox.channels.join(', ')} appear here as they are sent: alerts firing and
        resolving, incident updates, test messages. The inbox channel sends nothing out.
      </p>
    </EmptyState>
  );
}

/** What the inbox channels received, newest first, with links to the alert and incident. */
export default function InboxPage() {
  const api = useApi();
  const load = useLoad(() => inboxApi(api).list({ limit: PAGE }), [api]);
  const [older, setOlder] = useState<InboxItem[]>([]);
  const [more, setMore] = useState<'idle' | 'loading' | 'done'>('idle');
  const [olderError, setOlderError] = useState<unknown>(null);
  // A reload starts again from the newest.
  useEffect(() => {
    if (load.data) {
      setOlder([]);
      setOlderError(null);
      setMore(load.data.items.length < PAGE ? 'done' : 'idle');
    }
  }, [load.data]);
  return (
    <div className="page">
      <header className="page-head">
        <h1>Inbox</h1>
        <button type="button" className="btn" onClick={load.reload}>
          Refresh
        </button>
      </header>
      <Loaded load={load} what="the inbox">
        {(inbox) => {
          const items = [...inbox.items, ...older];
          if (items.length === 0) return <Empty inbox={inbox} />;
          const loadOlder = async () => {
            setMore('loading');
            setOlderError(null);
            try {
              const page = await inboxApi(api).list({ limit: PAGE, before: items.at(-1)?.id });
              setOlder((o) => [...o, ...page.items]);
              setMore(page.items.length < PAGE ? 'done' : 'idle');
            } catch (e) {
              setOlderError(e);
              setMore('idle');
            }
          };
          return (
            <>
              <p className="muted small">
                Kept by {inbox.channels.join(', ')}; times in your time zone (hover for UTC).
              </p>
              <table className="table inbox-table">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Severity</th>
                    <th>Notification</th>
                    <th>
                      <span className="sr-only">Links</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <ItemRow key={item.id} item={item} showChannel={inbox.channels.length > 1} />
                  ))}
                </tbody>
              </table>
              {olderError !== null && (
                <ErrorMessage error={olderError} title="Could not load older notifications" />
              )}
              {more !== 'done' && (
                <button type="button" className="btn" disabled={more === 'loading'} onClick={loadOlder}>
                  {more === 'loading' ? 'Loading…' : 'Older notifications'}
                </button>
              )}
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
