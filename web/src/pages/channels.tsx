import { type ReactNode, useState } from 'react';
import { useApi } from '../api/session.js';
import type { Channel, ChannelTestResult } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loaded } from '../components/loaded.js';
import { SettingsTabs } from '../components/settings-tabs.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link, navigate, useLocation } from '../router.js';
import { ChannelForm } from './channel-form.js';
import { CHANNEL_KIND_FIELDS, channelSummary } from './channel-kinds.js';

/** "Send test" and its outcome: delivered with the receiver's status, or the reason it failed. */
function ChannelActions({ channel, children }: { channel: Channel; children: ReactNode }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ChannelTestResult | null>(null);
  const [error, setError] = useState<unknown>();
  const send = async () => {
    setBusy(true);
    setResult(null);
    setError(undefined);
    try {
      setResult(await api.testChannel(channel.id));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="channel-actions">
      <div className="alert-actions">
        <button type="button" className="btn btn-small" onClick={send} disabled={busy}>
          {busy ? 'Sending…' : 'Send test'}
        </button>
        {children}
      </div>
      {result && (
        <span role="status" className={result.ok ? 'test-ok' : 'test-failed'}>
          {result.ok
            ? `Delivered${result.status ? ` (HTTP ${result.status})` : ''}`
            : `Not delivered${result.status ? ` (HTTP ${result.status})` : ''}: ${result.error ?? 'no reason given'}`}
        </span>
      )}
      {error !== undefined && <ErrorMessage error={error} title="The test was not sent" />}
    </div>
  );
}

/** Notifications that failed every retry, with the last reason: the first place to look when a channel is quiet. */
function DeadLetters() {
  const api = useApi();
  const load = useLoad(() => api.listOutbox({ status: 'dead', limit: 50 }), [api]);
  return (
    <section className="card" id="dead-letters" aria-label="Dead letters">
      <h2>Dead letters</h2>
      <Loaded load={load} what="dead letters">
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">None: every notification was delivered or is still being retried.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Created</th>
                  <th>Channel</th>
                  <th>Notification</th>
                  <th className="num">Attempts</th>
                  <th>Last error</th>
                </tr>
              </thead>
              <tbody>
                {items.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <Time iso={o.createdAt} />
                    </td>
                    <td>{o.channel}</td>
                    <td className="message">{o.title}</td>
                    <td className="num">{o.attempts}</td>
                    <td className="message">{o.lastError ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}

export default function ChannelsPage() {
  const api = useApi();
  const { search } = useLocation();
  const adding = search.get('new') === '1';
  const [added, setAdded] = useState<string | null>(null);
  const load = useLoad(() => api.listChannels(), [api]);
  return (
    <div className="page">
      <header className="page-head">
        <h1>Settings</h1>
        {!adding && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => navigate('/settings/channels?new=1')}
          >
            Add channel
          </button>
        )}
      </header>
      <SettingsTabs />
      <p className="muted">
        Where notifications go. Without <Link to="/settings/routing">routing</Link>, every channel gets every
        alert, grouped by monitor.
      </p>
      {adding && (
        <ChannelForm
          onCancel={() => navigate('/settings/channels')}
          onCreated={(c) => {
            setAdded(c.name);
            navigate('/settings/channels');
            load.reload();
          }}
        />
      )}
      {added && (
        <p className="notice" role="status">
          Channel <strong>{added}</strong> added. Press “Send test” to check that messages arrive.
        </p>
      )}
      <Loaded load={load} what="channels">
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title="No channels yet">
              <p>
                Add Slack, Teams, email, a webhook or PagerDuty: alerts are recorded but not sent until then.
              </p>
            </EmptyState>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Kind</th>
                  <th>Settings</th>
                  <th>Secrets set</th>
                  <th>Added</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.name}
                      {c.description && <div className="muted small">{c.description}</div>}
                    </td>
                    <td>
                      {CHANNEL_KIND_FIELDS[c.kind as keyof typeof CHANNEL_KIND_FIELDS]?.label ?? c.kind}
                    </td>
                    <td className="mono small">{channelSummary(c.config) || '—'}</td>
                    <td>
                      {c.secretFields.length ? (
                        c.secretFields.join(', ')
                      ) : (
                        <span className="muted">none</span>
                      )}
                    </td>
                    <td>
                      <Time iso={c.createdAt} />
                    </td>
                    <td className="row-actions">
                      <ChannelActions channel={c}>
                        <ConfirmButton
                          label="Delete"
                          question={`Move ${c.name} to the trash?`}
                          confirmLabel="Move to trash"
                          onConfirm={async () => {
                            await api.deleteChannel(c.id);
                            load.reload();
                          }}
                        />
                      </ChannelActions>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
      <DeadLetters />
    </div>
  );
}
