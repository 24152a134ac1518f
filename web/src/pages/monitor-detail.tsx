import { type ReactElement, useState } from 'react';
import { ApiError } from '../api/client.js';
import { useApi } from '../api/session.js';
import type { CheckResult, MetricPoint } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { fmtBand, fmtNumber, fmtSchedule } from '../components/format.js';
import { Loaded } from '../components/loaded.js';
import { MetricChart } from '../components/metric-chart.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import type { PageProps } from '../routes.js';
import { Link, navigate, useLocation } from '../router.js';
import { MonitorSilence, SilencedBadge, silenceFor } from './monitor-silence.js';
import { RunNow } from './monitor-run.js';

const CHECKED = '__checked__';

function ChecksChart({ checks, metrics }: { checks: CheckResult[]; metrics: MetricPoint[] }) {
  const [series, setSeries] = useState(CHECKED);
  const seriesNames = [...new Set(metrics.map((p) => (p.segment ? `${p.metric} [${p.segment}]` : p.metric)))];
  const oldestFirst = [...checks].reverse();
  const judged = oldestFirst.filter((c) => c.observed !== null);
  let chart: ReactElement;
  if (series === CHECKED) {
    chart = (
      <MetricChart
        label="checked value"
        line={judged.map((c) => ({ at: new Date(c.at), value: c.observed! }))}
        band={oldestFirst
          .filter((c) => c.expected)
          .map((c) => ({ at: new Date(c.at), lower: c.expected!.lower, upper: c.expected!.upper }))}
        failures={judged
          .filter((c) => c.status === 'fail')
          .map((c) => ({ at: new Date(c.at), value: c.observed! }))}
      />
    );
  } else {
    const points = metrics.filter((p) => (p.segment ? `${p.metric} [${p.segment}]` : p.metric) === series);
    chart = <MetricChart label={series} line={points.map((p) => ({ at: new Date(p.at), value: p.value }))} />;
  }
  return (
    <section className="card">
      <div className="section-head">
        <h2>History</h2>
        {seriesNames.length > 0 && (
          <label>
            Series{' '}
            <select value={series} onChange={(e) => setSeries(e.target.value)}>
              <option value={CHECKED}>checked value, with expected band</option>
              {seriesNames.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      {chart}
    </section>
  );
}

export default function MonitorDetailPage({ params }: PageProps) {
  const api = useApi();
  const id = params.id ?? '';
  const saved = useLocation().search.get('saved') === '1';
  const load = useLoad(async () => {
    const [monitor, checks, metrics, sources, silences] = await Promise.all([
      api.getMonitor(id),
      api.listChecks({ monitor: id, limit: 200 }),
      api.monitorMetrics(id, { limit: 2000 }),
      api.listSources(),
      api.listSilences().catch(() => ({ items: [] })),
    ]);
    const sourceName = sources.items.find((s) => s.id === monitor.sourceId)?.name ?? monitor.sourceId;
    return {
      monitor,
      checks: checks.items,
      metrics: metrics.items,
      sourceName,
      silence: silenceFor(monitor, sourceName, silences.items),
    };
  }, [api, id]);

  if (load.error instanceof ApiError && load.error.status === 404) {
    return (
      <div className="page">
        <h1>Monitor not found</h1>
        <p>
          {load.error.message}. It may have been deleted: look in the <Link to="/settings/trash">trash</Link>,
          or go back to <Link to="/monitors">monitors</Link>.
        </p>
      </div>
    );
  }

  return (
    <div className="page">
      <Loaded load={load} what="the monitor">
        {({ monitor: m, checks, metrics, sourceName, silence }) => (
          <>
            <header className="page-head">
              <div>
                <p className="crumbs">
                  <Link to="/monitors">Monitors</Link> /
                </p>
                <h1>
                  {m.name} <StatusBadge status={checks[0]?.status} />
                  {silence && (
                    <>
                      {' '}
                      <SilencedBadge silence={silence} />
                    </>
                  )}
                </h1>
                {m.description && <p className="muted">{m.description}</p>}
              </div>
              <div className="actions">
                <Link className="btn" to={`/monitors/${m.id}/edit`}>
                  Edit
                </Link>
                <ConfirmButton
                  label="Delete"
                  question="Move this monitor to the trash?"
                  confirmLabel="Move to trash"
                  onConfirm={async () => {
                    await api.deleteMonitor(m.id);
                    navigate('/monitors');
                  }}
                />
              </div>
            </header>
            {saved && (
              <p className="notice" role="status">
                Saved.
              </p>
            )}
            <dl className="facts">
              <div>
                <dt>Kind</dt>
                <dd>{m.kind}</dd>
              </div>
              <div>
                <dt>Table</dt>
                <dd className="mono">{m.asset}</dd>
              </div>
              <div>
                <dt>Source</dt>
                <dd>{sourceName}</dd>
              </div>
              <div>
                <dt>Schedule</dt>
                <dd>
                  {fmtSchedule(m.schedule)}
                  {!m.enabled && ` (paused${m.pausedReason ? `: ${m.pausedReason}` : ''})`}
                </dd>
              </div>
              <div>
                <dt>Severity</dt>
                <dd>{m.severity}</dd>
              </div>
              <div>
                <dt>Owner</dt>
                <dd>{m.owner ?? <span className="muted">none</span>}</dd>
              </div>
              {m.runbook && (
                <div>
                  <dt>Runbook</dt>
                  <dd>{m.runbook}</dd>
                </div>
              )}
            </dl>
            <RunNow monitorId={m.id} onRan={load.reload} />
            <MonitorSilence monitor={m} silence={silence} onChanged={load.reload} />
            <ChecksChart checks={checks} metrics={metrics} />
            <section className="card">
              <h2>Recent check results</h2>
              {checks.length === 0 ? (
                <p className="muted">No checks yet. Press "Run now", or wait for the schedule.</p>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th>Time</th>
                      <th>Status</th>
                      <th className="num">Value</th>
                      <th>Expected</th>
                      <th className="num">Took</th>
                      <th>Message</th>
                    </tr>
                  </thead>
                  <tbody>
                    {checks.slice(0, 50).map((c) => (
                      <tr key={c.id}>
                        <td>
                          <Time iso={c.at} />
                        </td>
                        <td>
                          <StatusBadge status={c.status} />
                        </td>
                        <td className="num">{fmtNumber(c.observed)}</td>
                        <td>{fmtBand(c.expected)}</td>
                        <td className="num">{fmtNumber(c.durationMs)} ms</td>
                        <td className="message">{c.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        )}
      </Loaded>
    </div>
  );
}
