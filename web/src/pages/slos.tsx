import { useApi } from '../api/session.js';
import { sloApi } from '../api/slos.js';
import { BudgetBar, fmtRatio } from '../components/budget-bar.js';
import { EmptyState } from '../components/empty-state.js';
import { Loaded } from '../components/loaded.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link } from '../router.js';

/** Every SLO with its budget left and burn, worst first. */
export default function SlosPage() {
  const api = useApi();
  const load = useLoad(() => sloApi(api).list(), [api]);
  return (
    <div className="page">
      <header className="page-head">
        <h1>SLOs</h1>
      </header>
      <Loaded load={load} what="SLOs">
        {(slos) => {
          if (slos === null)
            return (
              <EmptyState title="Not available yet">
                <p>
                  This server does not serve SLOs yet. Objectives on data and response come in a later
                  version.
                </p>
              </EmptyState>
            );
          if (slos.length === 0)
            return (
              <EmptyState title="No SLOs yet">
                <p>
                  An SLO sets a target on good events: fresh data, passing checks, runs on time, incidents
                  acknowledged quickly. Create one with <code>POST /api/v1/slos</code> or a <code>slos:</code>{' '}
                  entry in vigil.yaml, then watch its error budget here.
                </p>
              </EmptyState>
            );
          const sorted = [...slos].sort(
            (a, b) => (a.lastEvaluation?.budgetLeft ?? 2) - (b.lastEvaluation?.budgetLeft ?? 2),
          );
          return (
            <table className="table">
              <thead>
                <tr>
                  <th>SLO</th>
                  <th>Service</th>
                  <th>Target</th>
                  <th>Now</th>
                  <th>Budget</th>
                  <th>Status</th>
                  <th>Evaluated</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/slos/${encodeURIComponent(s.name)}`}>{s.displayName ?? s.name}</Link>
                    </td>
                    <td>{s.service}</td>
                    <td>{fmtRatio(s.objective.target, 2)}</td>
                    <td>{fmtRatio(s.lastEvaluation?.sli)}</td>
                    <td>
                      <BudgetBar left={s.lastEvaluation?.budgetLeft} />
                    </td>
                    <td>
                      <span className={`badge slo-${s.lastEvaluation?.status ?? 'no_data'}`}>
                        {s.lastEvaluation?.status ?? 'not evaluated'}
                      </span>
                      {s.lastEvaluation?.firing && (
                        <span className="badge sev-page"> {s.lastEvaluation.firing}</span>
                      )}
                    </td>
                    <td>
                      <Time iso={s.lastEvaluation?.at} short empty="not yet" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Loaded>
    </div>
  );
}
