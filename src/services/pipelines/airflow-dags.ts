import type { AirflowDag } from '../../ingest/airflow/index.js';
import type { AirflowSourceConfig } from '../../sources/airflow/index.js';
import { fullName, type ObservedAsset } from '../catalog/asset-store.js';
import { upsertAssets } from '../catalog/catalog-batch.js';
import { newMemoChanges } from '../catalog/intake-memo.js';
import type { Tx } from '../context.js';

/** Airflow's default owner when a DAG names none: not a person to route to. */
const DEFAULT_OWNER = 'airflow';

/** The job asset a DAG's metadata describes: owners, tags, schedule and description. */
export function dagAsset(config: AirflowSourceConfig, d: AirflowDag): ObservedAsset {
  const owners = d.owners.filter((o) => o !== DEFAULT_OWNER);
  return {
    namespace: config.namespace,
    name: d.dagId,
    type: 'job',
    origin: 'airflow',
    description: d.description ?? undefined,
    owner: owners.length > 0 ? owners.join(', ') : undefined,
    // The schedule as a tag, so the catalog can be searched by it; a new schedule replaces the old tag.
    tags: ['airflow', 'airflow-dag', ...d.tags, `schedule:${d.schedule ?? 'none'}`],
  };
}

/**
 * Every DAG Airflow lists becomes (or refreshes) its job asset, in a few statements: only DAGs
 * whose metadata changed are written. Returns the asset names, so runs of these DAGs do not
 * describe them again.
 */
export async function storeDags(
  trx: Tx,
  config: AirflowSourceConfig,
  dags: AirflowDag[],
  now: Date,
): Promise<Set<string>> {
  const assets = dags.map((d) => dagAsset(config, d));
  await upsertAssets(trx, assets, now, { lock: true, changes: newMemoChanges(undefined) });
  return new Set(assets.map(fullName));
}
