import { type FormEvent, useState } from 'react';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import { HEALTH_TEXT, loadAssetHealth } from '../components/asset-health.js';
import { EmptyState } from '../components/empty-state.js';
import { Loaded } from '../components/loaded.js';
import { useLoad } from '../components/use-load.js';
import { Link, navigate, useLocation } from '../router.js';
import { MostUsedAssets } from './asset-usage.js';

const TYPES = ['table', 'view', 'job', 'dashboard', 'model', 'source', 'seed', 'snapshot', 'test'];

/** Search the catalog by name, owner, tag, type, and whether an asset holds personal data. */
export default function CatalogPage() {
  const api = useApi();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const owner = search.get('owner') ?? '';
  const tag = search.get('tag') ?? '';
  const type = search.get('type') ?? '';
  const pii = search.get('pii') === '1';
  const [draft, setDraft] = useState({ q, owner, tag });
  const load = useLoad(async () => {
    const [assets, health] = await Promise.all([
      respondApi(api).listAssets({
        q: q || undefined,
        owner: owner || undefined,
        tag: tag || undefined,
        type: type || undefined,
        limit: 500,
      }),
      loadAssetHealth(api),
    ]);
    return { assets: assets.items, health };
  }, [api, q, owner, tag, type]);

  const go = (patch: Record<string, string>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    navigate(`/catalog${next.toString() ? `?${next}` : ''}`, { replace: true });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(draft);
  };

  return (
    <div className="page">
      <header className="page-head">
        <h1>Catalog</h1>
      </header>
      <form className="filters" onSubmit={submit} aria-label="Search the catalog">
        <label>
          Name <input value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <label>
          Owner <input value={draft.owner} onChange={(e) => setDraft({ ...draft, owner: e.target.value })} />
        </label>
        <label>
          Tag <input value={draft.tag} onChange={(e) => setDraft({ ...draft, tag: e.target.value })} />
        </label>
        <label>
          Type{' '}
          <select value={type} onChange={(e) => go({ type: e.target.value })}>
            <option value="">any</option>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={pii} onChange={(e) => go({ pii: e.target.checked ? '1' : '' })} />{' '}
          Holds PII
        </label>
        <button type="submit" className="btn">
          Search
        </button>
      </form>
      {!q && !owner && !tag && !type && !pii && <MostUsedAssets />}
      <Loaded load={load} what="the catalog">
        {({ assets, health }) => {
          const shown = pii ? assets.filter((a) => a.columns.some((c) => c.pii)) : assets;
          if (shown.length === 0) {
            return (
              <EmptyState
                title={
                  assets.length === 0 && !q && !owner && !tag ? 'The catalog is empty' : 'Nothing matches'
                }
              >
                <p>
                  Assets arrive with OpenLineage events (<code>POST /api/v1/lineage</code>), a dbt import (
                  <code>vigil import dbt</code>) or monitors on tables. Clear the filters to see everything.
                </p>
              </EmptyState>
            );
          }
          return (
            <table className="table">
              <caption className="sr-only">{shown.length} assets</caption>
              <thead>
                <tr>
                  <th>Health</th>
                  <th>Name</th>
                  <th>Type</th>
                  <th>Owner</th>
                  <th>Tags</th>
                  <th>PII</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((a) => {
                  const h = health.get(a.name) ?? 'ok';
                  const piiCols = a.columns.filter((c) => c.pii);
                  return (
                    <tr key={a.id}>
                      <td>
                        <span className={`health-dot health-${h}`} aria-hidden="true" />
                        <span className="small">{HEALTH_TEXT[h]}</span>
                      </td>
                      <td>
                        <Link to={`/catalog/${encodeURIComponent(a.name)}`}>{a.name}</Link>
                      </td>
                      <td>{a.type}</td>
                      <td>{a.owner ?? <span className="muted">no owner</span>}</td>
                      <td className="small">{a.tags.join(', ')}</td>
                      <td className="small">
                        {piiCols.map((c) => `${c.name} (${c.pii})`).join(', ') || '—'}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          );
        }}
      </Loaded>
    </div>
  );
}
