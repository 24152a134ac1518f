import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import type { PipelineJob } from '../api/types-respond.js';
import { EmptyState } from '../components/empty-state.js';
import { fmtDuration } from '../components/incident-badges.js';
import { Loaded } from '../components/loaded.js';
import { MetricChart } from '../components/metric-chart.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link, navigate, useLocation } from '../router.js';
import { ScheduleHeatmap } from './pipeline-heatmap.js';

const FAILED = new Set(['failed', 'aborted']);
const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** One job's runs: durations over time with failures marked, and its recent failures. */
function JobRuns({ job, jobs }: { job: string; jobs: PipelineJob[] }) {
  const api = useApi();
  const load = useLoad(() => respondApi(api).pipelineJobRuns(job, 200), [api, job]);
  return (
    <section className="card" aria-labelledby="dur-h">
      <div className="section-head">
        <h2 id="dur-h">Durations: {job}</h2>
        <label>
          Job{' '}
          <select
            value={job}
            onChange={(e) =>
              navigate(`/pipelines?job=${encodeURIComponent(e.target.value)}`, { replace: true })
            }
          >
            {jobs.map((j) => (
              <option key={j.job}>{j.job}</option>
            ))}
          </select>
        </label>
      </div>
      <Loaded load={load} what="runs">
        {({ items }) => {
          const timed = items.filter((r) => r.durationSeconds !== null && r.startedAt);
          const failures = items.filter((r) => FAILED.has(r.state)).slice(0, 10);
          return (
            <>
              <MetricChart
                label="run duration (seconds)"
                height={220}
                line={timed.map((r) => ({ at: new Date(r.startedAt!), value: r.durationSeconds! }))}
                failures={timed
                  .filter((r) => FAILED.has(r.state))
                  .map((r) => ({ at: new Date(r.startedAt!), value: r.durationSeconds! }))}
              />
              <h3>Failures</h3>
              {failures.length === 0 ? (
                <p className="muted">No failed runs among the last {items.length}.</p>
              ) : (
                <ul className="plain-list">
                  {failures.map((r) => (
                    <li key={r.runId}>
                      <Time iso={r.startedAt ?? r.endedAt} short />{' '}
                      <span className="badge badge-fail">{r.state}</span>{' '}
                      <span className="small">{r.error ?? ''}</span>
                    </li>
                  ))}
                </ul>
              )}
              <p className="small">
                <Link to={`/catalog/${encodeURIComponent(job)}`}>Open {job} in the catalog</Link>
              </p>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

/** Pipeline runs from OpenLineage and Airflow: by job, failures, durations, and when runs start. */
export default function PipelinesPage() {
  const api = useApi();
  const { search } = useLocation();
  const chosenJob = search.get('job') ?? '';
  const days = Number(search.get('days') ?? 28) || 28;
  const load = useLoad(async () => {
    const r = respondApi(api);
    const [jobs, heatmap] = await Promise.all([
      r.pipelineJobs(days),
      r.pipelineHeatmap({ days, tz: viewerZone() }),
    ]);
    return { jobs: jobs.items, heatmap };
  }, [api, days]);
  return (
    <div className="page">
      <header className="page-head">
        <h1>Pipelines</h1>
        <label>
          Window{' '}
          <select
            value={days}
            onChange={(e) => navigate(`/pipelines?days=${e.target.value}`, { replace: true })}
          >
            {[7, 28, 90].map((d) => (
              <option key={d} value={d}>
                last {d} days
              </option>
            ))}
          </select>
        </label>
      </header>
      <Loaded load={load} what="pipeline runs">
        {({ jobs, heatmap }) => {
          if (jobs.length === 0) {
            return (
              <EmptyState title="No pipeline runs in this window">
                <p>
                  Point your OpenLineage producer (Airflow, Spark, dbt-ol) at{' '}
                  <code>POST /api/v1/lineage</code> with a responder token, or add an Airflow source; each
                  run's start and end appear here.
                </p>
              </EmptyState>
            );
          }
          const job = jobs.find((j) => j.job === chosenJob)?.job ?? jobs[0]!.job;
          return (
            <>
              <section className="card" aria-labelledby="jobs-h">
                <h2 id="jobs-h">Runs by job</h2>
                <table className="table">
                  <thead>
                    <tr>
                      <th>Job</th>
                      <th>Last run</th>
                      <th>State</th>
                      <th className="num">Runs</th>
                      <th className="num">Failed</th>
                      <th className="num">Median</th>
                      <th className="num">p95</th>
                    </tr>
                  </thead>
                  <tbody>
                    {jobs.map((j) => (
                      <tr key={j.job} aria-current={j.job === job ? 'true' : undefined}>
                        <td>
                          <Link to={`/pipelines?job=${encodeURIComponent(j.job)}`}>{j.job}</Link>
                        </td>
                        <td>
                          <Time iso={j.lastRun.startedAt ?? j.lastRun.endedAt} short />
                        </td>
                        <td>
                          <span
                            className={`badge ${FAILED.has(j.lastRun.state) ? 'badge-fail' : 'badge-pass'}`}
                          >
                            {j.lastRun.state}
                          </span>
                        </td>
                        <td className="num">{j.runs}</td>
                        <td className="num">{j.failures}</td>
                        <td className="num">{fmtDuration(j.durationSeconds?.p50)}</td>
                        <td className="num">{fmtDuration(j.durationSeconds?.p95)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <JobRuns job={job} jobs={jobs} />
              <section className="card" aria-labelledby="heat-h">
                <h2 id="heat-h">When runs start ({heatmap.timeZone})</h2>
                <p className="muted small">
                  {heatmap.total.runs} runs, {heatmap.total.failures} failed, from{' '}
                  <Time iso={heatmap.from} short /> to <Time iso={heatmap.to} short />.
                </p>
                <ScheduleHeatmap map={heatmap} />
              </section>
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
