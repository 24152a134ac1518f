import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { useApi } from '../api/session.js';
import { fmtNumber } from '../components/format.js';
import { Loaded } from '../components/loaded.js';
import { silenceMatchersFor } from '../components/matchers.js';
import { SeverityBadge } from '../components/severity-badge.js';
import { localText, Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import type { PageProps } from '../routes.js';
import { Link } from '../router.js';
import { AlertActions } from './alert-actions.js';
import { AlertIncidentButton } from './alert-incident.js';
import { holdsFor } from './alert-holds.js';
import { SilenceForm } from './silence-form.js';

function KeyValues({ values, label }: { values: Record<string, string>; label: string }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted">None.</p>;
  return (
    <table className="table kv" aria-label={label}>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row" className="mono">
              {k}
            </th>
            <td className="mono">{/^https?:\/\//.test(v) ? <a href={v}>{v}</a> : v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function AlertDetailPage({ params }: PageProps) {
  const api = useApi();
  const id = params.id ?? '';
  const [silencing, setSilencing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useLoad(async () => {
    const [alert, silences, routing, firing] = await Promise.all([
      api.getAlert(id),
      api.listSilences().catch(() => ({ items: [] })),
      api.getRouting().catch(() => null),
      api.listAlerts({ status: 'firing', limit: 500 }),
    ]);
    const hold =
      alert.status === 'firing' ? holdsFor(firing.items, silences.items, routing).get(id) : undefined;
    return { alert, hold };
  }, [api, id]);

  if (load.error instanceof ApiError && load.error.status === 404) {
    return (
      <div className="page">
        <h1>Alert not found</h1>
        <p>
          {load.error.message}. <Link to="/alerts">Back to alerts</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="page">
      <Loaded load={load} what="the alert">
        {({ alert: a, hold }) => (
          <>
            <header className="page-head">
              <div>
                <p className="crumbs">
                  <Link to={a.status === 'firing' ? '/alerts' : '/alerts?tab=resolved'}>Alerts</Link> /
                </p>
                <h1>
                  <SeverityBadge severity={a.severity} /> {a.title}
                </h1>
                {a.summary && a.summary !== a.title && <p className="muted">{a.summary}</p>}
              </div>
              <div className="actions">
                <AlertActions alert={a} onChanged={load.reload} onSilence={() => setSilencing(!silencing)} />
                <AlertIncidentButton alertId={a.id} />
              </div>
            </header>
            {notice && (
              <p className="notice" role="status">
                {notice} <Link to="/settings/silences">See silences</Link>
              </p>
            )}
            {silencing && (
              <SilenceForm
                initialMatchers={silenceMatchersFor(a.labels)}
                onCancel={() => setSilencing(false)}
                onCreated={(s) => {
                  setSilencing(false);
                  setNotice(`Silenced ${s.matchers.join(', ')} until ${localText(new Date(s.endsAt))}.`);
                  load.reload();
                }}
              />
            )}
            <dl className="facts">
              <div>
                <dt>Status</dt>
                <dd>
                  <span className={`badge alert-${a.status}`}>{a.status}</span>
                  {hold && <span className={`hold hold-${hold.kind}`}> {hold.reason}</span>}
                </dd>
              </div>
              <div>
                <dt>Started</dt>
                <dd>
                  <Time iso={a.startedAt} />
                </dd>
              </div>
              <div>
                <dt>Last seen</dt>
                <dd>
                  <Time iso={a.lastSeenAt} />
                </dd>
              </div>
              {a.resolvedAt && (
                <div>
                  <dt>Resolved</dt>
                  <dd>
                    <Time iso={a.resolvedAt} />
                  </dd>
                </div>
              )}
              <div>
                <dt>Acknowledged</dt>
                <dd>
                  {a.acknowledgedAt ? (
                    <>
                      by {a.acknowledgedBy ?? 'someone'} <Time iso={a.acknowledgedAt} />
                    </>
                  ) : (
                    <span className="muted">not yet</span>
                  )}
                </dd>
              </div>
              <div>
                <dt>Count</dt>
                <dd>{fmtNumber(a.count)}</dd>
              </div>
              <div>
                <dt>Origin</dt>
                <dd>
                  {a.monitorId ? (
                    <Link to={`/monitors/${a.monitorId}`}>monitor {a.labels.monitor ?? ''}</Link>
                  ) : (
                    a.origin
                  )}
                </dd>
              </div>
            </dl>
            <div className="two-col">
              <section className="card">
                <h2>Labels</h2>
                <KeyValues values={a.labels} label="Labels" />
              </section>
              <section className="card">
                <h2>Annotations</h2>
                <KeyValues values={a.annotations} label="Annotations" />
              </section>
            </div>
            <section className="card">
              <h2>History</h2>
              <table className="table" aria-label="History">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Event</th>
                    <th>Message</th>
                    <th>By</th>
                  </tr>
                </thead>
                <tbody>
                  {a.events.map((e) => (
                    <tr key={`${e.at}-${e.kind}-${e.message}`}>
                      <td>
                        <Time iso={e.at} />
                      </td>
                      <td>
                        <span className={`badge event-${e.kind}`}>{e.kind}</span>
                      </td>
                      <td className="message">{e.message}</td>
                      <td>{e.actor ?? <span className="muted">Vigil</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted small">
                Fingerprint <code>{a.fingerprint}</code>; the newest 200 events are shown.
              </p>
            </section>
          </>
        )}
      </Loaded>
    </div>
  );
}
