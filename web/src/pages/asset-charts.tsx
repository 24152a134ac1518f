import { useApi } from '../api/session.js';
import type { Incident } from '../api/types-respond.js';
import { Loaded } from '../components/loaded.js';
import { MetricChart, type Span } from '../components/metric-chart.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link } from '../router.js';

interface SchemaColumn {
  name: string;
  dataType: string;
}
interface Diff {
  added?: SchemaColumn[];
  removed?: SchemaColumn[];
  retyped?: Array<{ name: string; from: string; to: string }>;
  reordered?: Array<{ name: string; from: number; to: number }>;
}

export const incidentSpans = (incidents: Incident[]): Span[] =>
  incidents.map((i) => ({
    from: new Date(i.times.startedAt ?? i.createdAt),
    to: i.times.resolvedAt ? new Date(i.times.resolvedAt) : null,
    label: `${i.severity} ${i.title}`,
  }));

/** A schema's history as a diff: each change with the columns added, removed and retyped. */
function SchemaHistory({ monitorId }: { monitorId: string }) {
  const api = useApi();
  const load = useLoad(() => api.monitorSchemaHistory(monitorId), [api, monitorId]);
  return (
    <Loaded load={load} what="the schema history">
      {({ items }) => {
        const changes = items.filter((s) => {
          const d = s.diff as Diff | null;
          return d && (d.added?.length || d.removed?.length || d.retyped?.length || d.reordered?.length);
        });
        if (changes.length === 0)
          return (
            <p className="muted">
              {items.length} snapshot{items.length === 1 ? '' : 's'}, no change to the columns yet.
            </p>
          );
        return (
          <ul className="plain-list mono small" aria-label="Schema changes">
            {changes.map((s) => {
              const d = s.diff as Diff;
              return (
                <li key={s.at}>
                  <Time iso={s.at} short />:{' '}
                  {d.added?.map((c) => (
                    <span key={`a${c.name}`} className="diff-add">
                      + {c.name} {c.dataType}{' '}
                    </span>
                  ))}
                  {d.removed?.map((c) => (
                    <span key={`r${c.name}`} className="diff-del">
                      − {c.name} {c.dataType}{' '}
                    </span>
                  ))}
                  {d.retyped?.map((c) => (
                    <span key={`t${c.name}`} className="diff-chg">
                      ~ {c.name} {c.from} → {c.to}{' '}
                    </span>
                  ))}
                  {d.reordered?.map((c) => (
                    <span key={`o${c.name}`} className="muted">
                      ↕ {c.name} {c.from + 1} → {c.to + 1}{' '}
                    </span>
                  ))}
                </li>
              );
            })}
          </ul>
        );
      }}
    </Loaded>
  );
}

/** One monitor on the asset: its checked values with the expected band, failures and incidents. */
export function MonitorPanel({
  monitor,
  incidents,
}: {
  monitor: { id: string; name: string; kind: string; lastStatus: string | null };
  incidents: Incident[];
}) {
  const api = useApi();
  const load = useLoad(async () => {
    const [m, checks] = await Promise.all([
      api.getMonitor(monitor.id),
      api.listChecks({ monitor: monitor.id, limit: 200 }),
    ]);
    return { m, checks: [...checks.items].reverse() };
  }, [api, monitor.id]);
  return (
    <section className="card">
      <div className="section-head">
        <h3>
          <Link to={`/monitors/${monitor.id}`}>{monitor.name}</Link>{' '}
          <span className="muted small">{monitor.kind}</span>
        </h3>
        <StatusBadge status={monitor.lastStatus} />
      </div>
      <Loaded load={load} what="checks">
        {({ m, checks }) => {
          const judged = checks.filter((c) => c.observed !== null);
          return (
            <>
              {monitor.kind === 'schema' ? (
                <SchemaHistory monitorId={monitor.id} />
              ) : (
                <MetricChart
                  label={`${monitor.name}: checked value`}
                  height={200}
                  line={judged.map((c) => ({ at: new Date(c.at), value: c.observed! }))}
                  band={checks
                    .filter((c) => c.expected)
                    .map((c) => ({ at: new Date(c.at), lower: c.expected!.lower, upper: c.expected!.upper }))}
                  failures={judged
                    .filter((c) => c.status === 'fail')
                    .map((c) => ({ at: new Date(c.at), value: c.observed! }))}
                  spans={incidentSpans(incidents)}
                />
              )}
              {m.runbook && (
                <p className="small">
                  Runbook:{' '}
                  {/^https?:\/\//.test(m.runbook) ? (
                    <a href={m.runbook} rel="noreferrer" target="_blank">
                      {m.runbook}
                    </a>
                  ) : (
                    <span className="tl-message">{m.runbook}</span>
                  )}
                </p>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
