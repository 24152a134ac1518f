import { Fragment, useEffect, useState } from 'react';
import { useApi } from '../api/session.js';
import type { Alert } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { fmtNumber } from '../components/format.js';
import { Loaded } from '../components/loaded.js';
import { SeverityBadge } from '../components/severity-badge.js';
import { localText, Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link, navigate, useLocation } from '../router.js';
import { AlertActions } from './alert-actions.js';
import { type Hold, holdsFor } from './alert-holds.js';
import { SilenceForm } from './silence-form.js';
import { silenceMatchersFor } from '../components/matchers.js';

const TABS = [
  { id: 'firing', label: 'Firing' },
  { id: 'held', label: 'Silenced or held' },
  { id: 'resolved', label: 'Resolved' },
] as const;
type Tab = (typeof TABS)[number]['id'];
const GROUPINGS = ['monitor', 'source', 'none'] as const;

/** The group an alert is listed under: its monitor (or Alertmanager alert name), or its source. */
function groupOf(a: Alert, by: string): string {
  if (by === 'none') return '';
  if (by === 'monitor') return a.labels.monitor ?? a.labels.alertname ?? '';
  return a.labels.source ?? a.labels.integration ?? '';
}

function groupAlerts(alerts: Alert[], by: string): Array<[string, Alert[]]> {
  const groups = new Map<string, Alert[]>();
  for (const a of alerts) {
    const k = groupOf(a, by);
    groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  // Largest groups first: the noisiest problem is the one to look at.
  return [...groups].sort((x, y) => y[1].length - x[1].length || x[0].localeCompare(y[0]));
}

function AlertRows({
  alerts,
  holds,
  onChanged,
}: {
  alerts: Alert[];
  holds: Map<string, Hold>;
  onChanged: (notice?: string) => void;
}) {
  const [silencing, setSilencing] = useState<string | null>(null);
  return (
    <table className="table alerts-table">
      <thead>
        <tr>
          <th>Severity</th>
          <th>Alert</th>
          <th>Asset</th>
          <th>Started</th>
          <th>Last seen</th>
          <th className="num">Count</th>
          <th>
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => {
          const hold = holds.get(a.id);
          return (
            <Fragment key={a.id}>
              <tr>
                <td>
                  <SeverityBadge severity={a.severity} />
                </td>
                <td className="message">
                  <Link to={`/alerts/${encodeURIComponent(a.id)}`}>{a.title}</Link>
                  {a.summary && a.summary !== a.title && <div className="muted small">{a.summary}</div>}
                  {hold && <div className={`hold hold-${hold.kind}`}>{hold.reason}</div>}
                  {a.acknowledgedAt && (
                    <div className="muted small">
                      acknowledged by {a.acknowledgedBy ?? 'someone'} <Time iso={a.acknowledgedAt} short />
                    </div>
                  )}
                </td>
                <td className="mono small">{a.labels.asset ?? a.labels.source ?? '—'}</td>
                <td>
                  <Time iso={a.startedAt} short />
                </td>
                <td>
                  {a.status === 'resolved' ? (
                    <span>
                      resolved <Time iso={a.resolvedAt} short />
                    </span>
                  ) : (
                    <Time iso={a.lastSeenAt} short />
                  )}
                </td>
                <td className="num">{fmtNumber(a.count)}</td>
                <td className="row-actions">
                  <AlertActions
                    alert={a}
                    onChanged={() => onChanged()}
                    onSilence={() => setSilencing(silencing === a.id ? null : a.id)}
                  />
                </td>
              </tr>
              {silencing === a.id && (
                <tr className="inline-form-row">
                  <td colSpan={7}>
                    <SilenceForm
                      initialMatchers={silenceMatchersFor(a.labels)}
                      onCancel={() => setSilencing(null)}
                      onCreated={(s) => {
                        setSilencing(null);
                        onChanged(
                          `Silenced ${s.matchers.join(', ')} until ${localText(new Date(s.endsAt))}.`,
                        );
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

export default function AlertsPage() {
  const api = useApi();
  const { search, path } = useLocation();
  const tab: Tab = TABS.find((t) => t.id === search.get('tab'))?.id ?? 'firing';
  const q = search.get('q') ?? '';
  const groupBy = search.get('group') ?? 'monitor';
  const [text, setText] = useState(q);
  const [notice, setNotice] = useState<string | null>(null);

  const setParam = (key: string, value: string, dflt = '') => {
    const next = new URLSearchParams(search);
    if (value === dflt) next.delete(key);
    else next.set(key, value);
    const qs = next.toString();
    navigate(`${path}${qs ? `?${qs}` : ''}`, { replace: true });
  };
  // The search box updates the address (and so the list) once typing pauses.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed text starts a search
  useEffect(() => {
    if (text === q) return;
    const t = setTimeout(() => setParam('q', text.trim()), 300);
    return () => clearTimeout(t);
  }, [text]);

  const load = useLoad(async () => {
    const [firing, silences, routing, resolved] = await Promise.all([
      api.listAlerts({ status: 'firing', q: q || undefined, limit: 500 }),
      api.listSilences().catch(() => ({ items: [] })),
      api.getRouting().catch(() => null),
      tab === 'resolved' ? api.listAlerts({ status: 'resolved', q: q || undefined, limit: 200 }) : null,
    ]);
    const holds = holdsFor(firing.items, silences.items, routing);
    return { firing: firing.items, holds, resolved: resolved?.items ?? [] };
  }, [api, q, tab]);

  const data = load.data;
  const counts: Record<Tab, number | undefined> = {
    firing: data?.firing.filter((a) => !data.holds.has(a.id)).length,
    held: data?.holds.size,
    resolved: undefined,
  };

  return (
    <div className="page">
      <header className="page-head">
        <h1>Alerts</h1>
        <button type="button" className="btn" onClick={load.reload} disabled={load.loading}>
          Refresh
        </button>
      </header>
      <nav className="tabs" aria-label="Alert status">
        {TABS.map((t) => (
          <Link
            key={t.id}
            to={`/alerts?${new URLSearchParams({ ...(t.id === 'firing' ? {} : { tab: t.id }), ...(q ? { q } : {}) })}`}
            aria-current={tab === t.id ? 'page' : undefined}
          >
            {t.label}
            {counts[t.id] !== undefined && <span className="tab-count">{counts[t.id]}</span>}
          </Link>
        ))}
      </nav>
      <div className="filters">
        <label>
          Search{' '}
          <input
            type="search"
            name="q"
            value={text}
            placeholder="title or summary"
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <label>
          Group by{' '}
          <select name="group" value={groupBy} onChange={(e) => setParam('group', e.target.value, 'monitor')}>
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {g === 'none' ? 'no grouping' : g}
              </option>
            ))}
          </select>
        </label>
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice} <Link to="/settings/silences">See silences</Link>
        </p>
      )}
      <Loaded load={load} what="alerts">
        {({ firing, holds, resolved }) => {
          const shown =
            tab === 'resolved' ? resolved : firing.filter((a) => (tab === 'held') === holds.has(a.id));
          if (shown.length === 0) {
            return (
              <EmptyState
                title={
                  q
                    ? `No ${tab === 'held' ? 'silenced or held' : tab} alerts match “${q}”`
                    : tab === 'firing'
                      ? 'Nothing is firing'
                      : tab === 'held'
                        ? 'No alert is silenced or held'
                        : 'No resolved alerts yet'
                }
              >
                <p className="muted">
                  Alerts come from failing checks, sources that cannot be reached, and Prometheus Alertmanager
                  (POST /api/v1/integrations/alertmanager).
                </p>
              </EmptyState>
            );
          }
          return groupAlerts(shown, groupBy).map(([group, alerts]) => (
            <section key={group || '-'} className="alert-group" aria-label={group || 'Alerts'}>
              {groupBy !== 'none' && (
                <h2>
                  {group ? (
                    <>
                      <span className="muted">{groupBy}</span> {group}
                    </>
                  ) : (
                    <span className="muted">no {groupBy}</span>
                  )}{' '}
                  <span className="tab-count">{alerts.length}</span>
                </h2>
              )}
              <AlertRows
                alerts={alerts}
                holds={holds}
                onChanged={(n) => {
                  if (n) setNotice(n);
                  load.reload();
                }}
              />
            </section>
          ));
        }}
      </Loaded>
    </div>
  );
}
