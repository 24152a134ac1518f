import type { Incident } from '../api/types-respond.js';
import { Link } from '../router.js';

const assetHref = (asset: string) => `/catalog/${encodeURIComponent(asset)}`;
const alertHref = (id: string) => `/alerts/${encodeURIComponent(id)}`;

/**
 * In a cascade, what set it off and what followed: the most upstream failing asset first, then
 * the tables that failed downstream of it. Shown only when the API names a root cause; asset
 * names with their namespace can be long, so every name wraps instead of widening the page.
 */
export function IncidentRootCause({ incident }: { incident: Incident }) {
  const cause = incident.rootCause;
  if (!cause) return null;
  const consequences = [...new Map(cause.consequences.map((c) => [c.asset, c])).values()];
  return (
    <section className="card root-cause" aria-labelledby="root-cause-h">
      <h2 id="root-cause-h">Root cause</h2>
      <p className="root-cause-asset">
        <Link to={assetHref(cause.asset)}>{cause.asset}</Link>{' '}
        <span className="muted small">
          the most upstream failing asset · <Link to={alertHref(cause.alertId)}>its alert</Link>
        </span>
      </p>
      {consequences.length > 0 && (
        <>
          <h3>Consequences downstream</h3>
          <ul className="root-cause-consequences">
            {consequences.map((c) => (
              <li key={c.asset}>
                <Link to={assetHref(c.asset)}>{c.asset}</Link>{' '}
                <span className="muted small">
                  a consequence · <Link to={alertHref(c.alertId)}>alert</Link>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
