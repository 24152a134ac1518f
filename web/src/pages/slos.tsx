import { useState } from 'react';
import { useApi } from '../api/session.js';
import { sloApi } from '../api/slos.js';
import { BudgetBar, fmtRatio } from '../components/budget-bar.js';
import { EmptyState } from '../components/empty-state.js';
import { Loaded } from '../components/loaded.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link } from '../router.js';
import { SloForm } from './slo-form.js';

/** The form, with the monitor names it suggests (loaded when the form opens). */
function NewSlo({ onCreated, onCancel }: { onCreated(name: string): void; onCancel(): void }) {
  const api = useApi();
  const monitors = useLoad(() => api.listMonitors(), [api]);
  return (
    <SloForm
      monitors={monitors.data?.items.map((m) => m.name) ?? []}
      onCreated={(s) => onCreated(s.name)}
      onCancel={onCancel}
    />
  );
}

/** Every SLO with its budget left and burn, worst first. */
export default function SlosPage() {
  const api = useApi();
  const load = useLoad(() => sloApi(api).list(), [api]);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <div className="page">
      <header className="page-head">
        <h1>SLOs</h1>
        {!creating && load.data !== null && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setCreated(null);
              setCreating(true);
            }}
          >
            New SLO
          </button>
        )}
      </header>
      {creating && (
        <NewSlo
          onCancel={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            setCreated(name);
            load.reload();
          }}
        />
      )}
      {created && (
        <p className="notice" role="status">
          Created SLO <Link to={`/slos/${encodeURIComponent(created)}`}>{created}</Link>; its first evaluation
          comes with the worker's next pass.
        </p>
      )}
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
                  acknowledged quickly. Choose “New SLO”, or add a <code>slos:</code> entry in vigil.yaml,
                  then watch its error budget here.
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
