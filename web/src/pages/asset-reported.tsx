import { assetHistoryApi } from '../api/asset-history.js';
import { useApi } from '../api/session.js';
import { Loaded } from '../components/loaded.js';
import { MetricChart } from '../components/metric-chart.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';

/**
 * Row counts and schema changes that producers (OpenLineage outputStatistics and schema facets)
 * reported for the asset. Shown only when there is something: most warehouse tables have none.
 */
export function AssetReportedSection({ name }: { name: string }) {
  const api = useApi();
  const load = useLoad(async () => {
    const h = assetHistoryApi(api);
    const [rows, schemas] = await Promise.all([h.metrics(name, 'row_count'), h.schemaHistory(name)]);
    return { rows: rows.items, schemas: schemas.items };
  }, [api, name]);
  return (
    <Loaded load={load} what="the reported history">
      {({ rows, schemas }) => {
        const changes = schemas.filter((s) => s.diff !== null);
        if (rows.length === 0 && schemas.length === 0) return null;
        return (
          <section className="card" aria-labelledby="reported-h">
            <h2 id="reported-h">Reported by producers</h2>
            {rows.length > 0 && (
              <MetricChart
                label={`${name}: rows written per run`}
                height={180}
                line={rows.map((p) => ({ at: new Date(p.at), value: p.value }))}
              />
            )}
            {changes.length === 0 ? (
              <p className="muted small">
                {schemas.length > 0 ? 'The reported schema has not changed.' : 'No schema reported.'}
              </p>
            ) : (
              <ul className="plain-list mono small" aria-label="Reported schema changes">
                {changes.map((s) => (
                  <li key={s.at}>
                    <Time iso={s.at} short />:{' '}
                    {s.diff?.added.map((c) => (
                      <span key={`a${c.name}`} className="diff-add">
                        + {c.name} {c.dataType}{' '}
                      </span>
                    ))}
                    {s.diff?.removed.map((c) => (
                      <span key={`r${c.name}`} className="diff-del">
                        − {c.name} {c.dataType}{' '}
                      </span>
                    ))}
                    {s.diff?.retyped.map((c) => (
                      <span key={`t${c.name}`} className="diff-chg">
                        ~ {c.name} {c.from} → {c.to}{' '}
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      }}
    </Loaded>
  );
}
