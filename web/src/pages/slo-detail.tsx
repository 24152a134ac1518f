import { useApi } from '../api/session.js';
import { sloApi } from '../api/slos.js';
import { BudgetBar, fmtRatio } from '../components/budget-bar.js';
import { fmtDuration } from '../components/incident-badges.js';
import { Loaded } from '../components/loaded.js';
import { MetricChart } from '../components/metric-chart.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import type { PageProps } from '../routes.js';
import { Link } from '../router.js';

/** One SLO: budget left now, burn rates per window against the alert rules, history and events. */
export default function SloDetailPage({ params }: PageProps) {
  const api = useApi();
  const name = params.name ?? '';
  const load = useLoad(async () => {
    const s = sloApi(api);
    const [status, history, events] = await Promise.all([
      s.status(name),
      s.history(name),
      s.events(name).catch(() => ({ items: [] })),
    ]);
    return { status, history, events: events.items };
  }, [api, name]);
  return (
    <div className="page">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <Link to="/slos">SLOs</Link> /
      </nav>
      <Loaded load={load} what="the SLO">
        {({ status, history, events }) => (
          <>
            <header className="page-head">
              <h1>{name}</h1>
              <span className={`badge slo-${status.status}`}>{status.status}</span>
            </header>
            <dl className="kv">
              <dt>Target</dt>
              <dd>{fmtRatio(status.target, 2)}</dd>
              <dt>Now</dt>
              <dd>
                {fmtRatio(status.sli)}{' '}
                <span className="muted small">
                  ({status.good} good of {status.total})
                </span>
              </dd>
              <dt>Budget</dt>
              <dd>
                <BudgetBar left={status.budgetLeft} />
              </dd>
              <dt>Runs out in</dt>
              <dd>
                {status.timeToExhaustionSeconds === null ? '—' : fmtDuration(status.timeToExhaustionSeconds)}
              </dd>
              <dt>Period</dt>
              <dd>
                <Time iso={status.periodStart} short /> – <Time iso={status.periodEnd} short />
              </dd>
            </dl>
            {status.warnings.map((w) => (
              <p key={w} className="notice">
                {w}
              </p>
            ))}
            <section className="card" aria-labelledby="burn-h">
              <h2 id="burn-h">Budget left over the period</h2>
              <MetricChart
                label="budget left (%)"
                height={220}
                line={history.points
                  .filter((p) => p.budgetLeft !== null)
                  .map((p) => ({ at: new Date(p.at), value: p.budgetLeft! * 100 }))}
              />
            </section>
            <section className="card" aria-labelledby="rates-h">
              <h2 id="rates-h">Burn rates</h2>
              <table className="table">
                <thead>
                  <tr>
                    <th>Window</th>
                    <th className="num">Error ratio</th>
                    <th className="num">Burn rate</th>
                    <th className="num">Events</th>
                  </tr>
                </thead>
                <tbody>
                  {status.windows.map((w) => (
                    <tr key={w.window}>
                      <td>{w.window}</td>
                      <td className="num">{fmtRatio(w.errorRatio)}</td>
                      <td className="num">{w.burnRate === null ? '—' : `${w.burnRate.toFixed(2)}×`}</td>
                      <td className="num">{w.events}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h3>Alert rules</h3>
              <ul className="plain-list">
                {status.rules.map((r) => (
                  <li key={`${r.severity}${r.longWindow}${r.shortWindow}`}>
                    <span className={`badge sev-${r.severity}`}>{r.severity}</span> when {r.longWindow} and{' '}
                    {r.shortWindow} both burn above {r.factor}× (now {r.longBurn?.toFixed(2) ?? '—'}× /{' '}
                    {r.shortBurn?.toFixed(2) ?? '—'}×){r.firing && <strong> — firing</strong>}
                  </li>
                ))}
              </ul>
            </section>
            <section className="card" aria-labelledby="events-h">
              <h2 id="events-h">Events</h2>
              {events.length === 0 ? (
                <p className="muted">No budget events yet.</p>
              ) : (
                <ul className="plain-list">
                  {events.map((e) => (
                    <li key={`${e.at}${e.kind}${e.message}`}>
                      <Time iso={e.at} short /> <span className="badge">{e.kind}</span> {e.message}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </Loaded>
    </div>
  );
}
