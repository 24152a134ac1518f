import { useApi } from '../api/session.js';
import type { EndpointName } from '../api/paths.js';
import { ENDPOINTS } from '../api/paths.js';
import { EmptyState } from '../components/empty-state.js';
import { Loaded } from '../components/loaded.js';
import { useLoad } from '../components/use-load.js';

/**
 * A page for an area whose API is still being built. It asks the server: a 404 for the route
 * says "not available yet"; an answer means the API has arrived and only its page is missing.
 */
export function PendingArea({
  endpoint,
  title,
  blurb,
}: {
  endpoint: EndpointName;
  title: string;
  blurb: string;
}) {
  const api = useApi();
  const load = useLoad(() => api.probe(endpoint), [api, endpoint]);
  return (
    <div className="page">
      <header className="page-head">
        <h1>{title}</h1>
      </header>
      <p className="muted">{blurb}</p>
      <Loaded load={load} what={title.toLowerCase()}>
        {(answer) =>
          answer === null ? (
            <EmptyState title="Not available yet">
              <p>
                This server does not serve <code>{ENDPOINTS[endpoint].path}</code> yet, so there is nothing to
                show here. It comes in a later version of Vigil.
              </p>
            </EmptyState>
          ) : (
            <EmptyState title={`${answer.items?.length ?? 0} item(s) from the API`}>
              <p>
                The API answers at <code>{ENDPOINTS[endpoint].path}</code>; this page does not show them in
                detail yet.
              </p>
            </EmptyState>
          )
        }
      </Loaded>
    </div>
  );
}
