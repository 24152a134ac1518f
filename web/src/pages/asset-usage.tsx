import { type AssetUsage, monitorApi } from '../api/monitors.js';
import { useApi } from '../api/session.js';
import { fmtNumber } from '../components/format.js';
import { Loaded } from '../components/loaded.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import { Link } from '../router.js';

const WHERE_FROM =
  "Warehouse usage comes from PostgreSQL's pg_stat_statements: add a PostgreSQL source whose database has the extension (CREATE EXTENSION pg_stat_statements) and Vigil reads it every hour.";

/** What the warehouse is missing to count reads, and what to do about it. */
function NoWarehouseUsage({ reason }: { reason: string | null }) {
  return (
    <p className="muted">
      No warehouse reads counted yet. {WHERE_FROM}
      {reason && <span className="small"> {reason.charAt(0).toUpperCase() + reason.slice(1)}.</span>}
    </p>
  );
}

/** Bars per day, no axes: the shape of use over the window; the table below has the figures. */
function Sparkline({
  label,
  values,
}: {
  label: string;
  values: Array<{ day: string; value: number | null }>;
}) {
  const max = Math.max(1, ...values.map((v) => v.value ?? 0));
  const w = 8;
  const h = 40;
  const total = values.reduce((sum, v) => sum + (v.value ?? 0), 0);
  return (
    <figure className="usage-spark">
      <svg
        viewBox={`0 0 ${values.length * w} ${h}`}
        width={values.length * w}
        height={h}
        role="img"
        aria-label={`${label}: ${fmtNumber(total)} over ${values.length} days`}
      >
        {values.map((v, i) => {
          const bar = v.value === null ? 0 : Math.max(1, (v.value / max) * h);
          return (
            <rect key={v.day} x={i * w + 1} y={h - bar} width={w - 2} height={bar}>
              <title>{`${v.day}: ${fmtNumber(v.value)}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="muted small">{label}, by day (UTC)</figcaption>
    </figure>
  );
}

/**
 * Usage per day: bars of warehouse reads (or of Vigil's checks while the warehouse is not read),
 * and the same figures as a table for reading exact values.
 */
function UsageByDay({ days, warehouse }: { days: AssetUsage['byDay']; warehouse: boolean }) {
  const useReads = warehouse && days.some((d) => d.reads !== null);
  if (!days.some((d) => d.checks > 0 || (d.reads ?? 0) > 0)) return null;
  return (
    <>
      <Sparkline
        label={useReads ? 'Warehouse reads' : 'Vigil checks'}
        values={days.map((d) => ({ day: d.day, value: useReads ? d.reads : d.checks }))}
      />
      <details>
        <summary>By day</summary>
        <table className="table">
          <thead>
            <tr>
              <th>Day (UTC)</th>
              <th className="num">Warehouse reads</th>
              <th className="num">Writes</th>
              <th className="num">Vigil checks</th>
            </tr>
          </thead>
          <tbody>
            {[...days].reverse().map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td className="num">{fmtNumber(d.reads)}</td>
                <td className="num">{fmtNumber(d.writes)}</td>
                <td className="num">{fmtNumber(d.checks)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

/** The asset page's usage section: reads and writes the warehouse counted, and Vigil's own checks. */
export function AssetUsageSection({ name }: { name: string }) {
  const api = useApi();
  const load = useLoad(() => monitorApi(api).assetUsage(name), [api, name]);
  return (
    <section className="card" aria-labelledby="usage-h">
      <h2 id="usage-h">Usage</h2>
      <Loaded load={load} what="usage">
        {(u) => (
          <>
            <div className="stat-grid usage-stats">
              <div className="stat">
                <div className="stat-value">{fmtNumber(u.warehouse.reads)}</div>
                <div className="stat-label">reads in the warehouse</div>
              </div>
              <div className="stat">
                <div className="stat-value">{fmtNumber(u.warehouse.writes)}</div>
                <div className="stat-label">writes in the warehouse</div>
              </div>
              <div className="stat">
                <div className="stat-value">{fmtNumber(u.vigil.checks)}</div>
                <div className="stat-label">
                  Vigil checks in {u.vigil.days} days ({u.vigil.monitors} monitor
                  {u.vigil.monitors === 1 ? '' : 's'})
                </div>
              </div>
            </div>
            <UsageByDay days={u.byDay} warehouse={u.warehouse.available} />
            {!u.warehouse.available ? (
              <NoWarehouseUsage reason={u.warehouse.reason} />
            ) : (
              <p className="muted small">
                Statement calls counted by pg_stat_statements since its counters were last reset
                {u.warehouse.collectedAt ? (
                  <>
                    ; read <Time iso={u.warehouse.collectedAt} short />
                  </>
                ) : (
                  '; this table has not been read by any counted statement'
                )}
                .
              </p>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

/** The catalog page's "Most used" list: by warehouse reads, then by Vigil checks. */
export function MostUsedAssets() {
  const api = useApi();
  const load = useLoad(() => monitorApi(api).mostUsed(10), [api]);
  return (
    <section className="card" aria-labelledby="most-used-h">
      <h2 id="most-used-h">Most used</h2>
      <Loaded load={load} what="usage">
        {({ warehouse, items }) => (
          <>
            {!warehouse.available && <NoWarehouseUsage reason={warehouse.reason} />}
            {items.length === 0 ? (
              <p className="muted">Nothing has been read or checked yet.</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th>Asset</th>
                    <th className="num">Warehouse reads</th>
                    <th className="num">Writes</th>
                    <th className="num">Vigil checks (30 days)</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((a) => (
                    <tr key={a.asset}>
                      <td>
                        <Link to={`/catalog/${encodeURIComponent(a.asset)}`}>{a.asset}</Link>
                      </td>
                      <td className="num">{fmtNumber(a.warehouseReads)}</td>
                      <td className="num">{fmtNumber(a.warehouseWrites)}</td>
                      <td className="num">{fmtNumber(a.vigilChecks)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
