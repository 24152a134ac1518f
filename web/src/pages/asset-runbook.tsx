import { postmortemApi } from '../api/postmortems.js';
import { useApi } from '../api/session.js';
import { Markdown } from '../components/markdown.js';
import { useLoad } from '../components/use-load.js';

/** The runbook kept on the asset (a link or Markdown); nothing is drawn while none is set. */
export function AssetRunbook({ name }: { name: string }) {
  const api = useApi();
  const load = useLoad(
    () =>
      postmortemApi(api)
        .assetRunbook(name)
        .catch(() => ({ runbook: null })),
    [api, name],
  );
  const rb = load.data?.runbook;
  return (
    <section className="card" aria-labelledby="runbook-h">
      <h2 id="runbook-h">Runbook</h2>
      {!rb ? (
        <p className="muted">
          No runbook on this asset. A responder sets one with <code>PUT /api/v1/assets/…/runbook</code> (a
          link or Markdown); monitors can carry their own.
        </p>
      ) : rb.format === 'link' ? (
        <a href={rb.content} rel="noreferrer" target="_blank">
          {rb.content}
        </a>
      ) : (
        <Markdown text={rb.content} />
      )}
    </section>
  );
}
