import { useEffect, useState } from 'react';
import { ApiError } from '../api/client.js';
import { postmortemApi } from '../api/postmortems.js';
import { useApi } from '../api/session.js';
import type { Postmortem, PostmortemStatus } from '../api/types-postmortem.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorMessage } from '../components/error-message.js';
import { Loaded } from '../components/loaded.js';
import { Markdown } from '../components/markdown.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';
import type { PageProps } from '../routes.js';
import { Link } from '../router.js';
import { ActionBoard } from './action-board.js';

const STEPS: Record<PostmortemStatus, Array<{ to: PostmortemStatus; label: string }>> = {
  draft: [{ to: 'in_review', label: 'Send for review' }],
  in_review: [
    { to: 'published', label: 'Publish' },
    { to: 'draft', label: 'Back to draft' },
  ],
  published: [],
};
const STATUS_TEXT: Record<PostmortemStatus, string> = {
  draft: 'draft',
  in_review: 'in review',
  published: 'published',
};

/** The editor: each section as Markdown with a preview, saved together; then review and publish. */
function Editor({ pm, onSaved }: { pm: Postmortem; onSaved(p: Postmortem): void }) {
  const api = useApi();
  const [bodies, setBodies] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => setBodies(Object.fromEntries(pm.sections.map((s) => [s.key, s.body]))), [pm]);
  const changed = pm.sections.filter((s) => bodies[s.key] !== undefined && bodies[s.key] !== s.body);

  const send = async (body: Parameters<ReturnType<typeof postmortemApi>['edit']>[1], note: string) => {
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await postmortemApi(api).edit(pm.incidentId, { version: pm.version, ...body }));
      setSaved(note);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    send({ sections: changed.map((s) => ({ key: s.key, body: bodies[s.key] ?? '' })) }, 'Saved.');
  const readOnly = pm.status === 'published';

  return (
    <>
      <div className="inline-form-row">
        <span className={`badge pm-${pm.status}`}>{STATUS_TEXT[pm.status]}</span>
        <label>
          <input
            type="checkbox"
            checked={preview || readOnly}
            disabled={readOnly}
            onChange={(e) => setPreview(e.target.checked)}
          />{' '}
          Preview
        </label>
        {!readOnly && (
          <button type="button" className="btn" disabled={busy || changed.length === 0} onClick={save}>
            Save{changed.length ? ` (${changed.length})` : ''}
          </button>
        )}
        {STEPS[pm.status].map((s) => (
          <button
            key={s.to}
            type="button"
            className={s.to === 'published' ? 'btn btn-primary' : 'btn'}
            disabled={busy || changed.length > 0}
            title={changed.length ? 'Save your changes first' : undefined}
            onClick={() => send({ status: s.to }, `Now ${STATUS_TEXT[s.to]}.`)}
          >
            {s.label}
          </button>
        ))}
        <a
          className="btn btn-quiet"
          href={`/api/v1/incidents/${encodeURIComponent(pm.incidentId)}/postmortem.md`}
        >
          Markdown
        </a>
      </div>
      {saved && (
        <p role="status" className="notice">
          {saved}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} title="The postmortem was not changed" />}
      {pm.sections.map((s) => (
        <section key={s.key} className="card" aria-labelledby={`pm-${s.key}`}>
          <h2 id={`pm-${s.key}`}>{s.heading}</h2>
          {preview || readOnly ? (
            <div className="markdown-preview">
              <Markdown text={bodies[s.key] ?? s.body} />
            </div>
          ) : (
            <textarea
              aria-labelledby={`pm-${s.key}`}
              rows={Math.min(16, Math.max(4, (bodies[s.key] ?? s.body).split('\n').length + 1))}
              value={bodies[s.key] ?? s.body}
              onChange={(e) => setBodies({ ...bodies, [s.key]: e.target.value })}
            />
          )}
        </section>
      ))}
    </>
  );
}

/** An incident's blameless postmortem: drafted from the timeline, edited, reviewed, published. */
export default function PostmortemPage({ params }: PageProps) {
  const api = useApi();
  const id = params.id ?? '';
  const load = useLoad(async () => {
    try {
      return await postmortemApi(api).get(id);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && !e.noRoute) return null;
      throw e;
    }
  }, [api, id]);
  const [current, setCurrent] = useState<Postmortem | null>(null);
  const [error, setError] = useState<unknown>();
  const pm = current?.incidentId === id ? current : load.data;
  const draft = async () => {
    setError(undefined);
    try {
      setCurrent(await postmortemApi(api).draft(id));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="page">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <Link to="/incidents">Incidents</Link> /{' '}
        <Link to={`/incidents/${encodeURIComponent(id)}`}>Incident</Link> /
      </nav>
      <Loaded load={{ ...load, data: pm }} what="the postmortem">
        {(p) =>
          p === null ? (
            <>
              <h1>Postmortem</h1>
              <EmptyState title="No postmortem yet">
                <p>
                  Vigil drafts one from the incident's record and pinned timeline: summary, impact, trigger,
                  root cause, detection, resolution and lessons. You edit it, send it for review and publish
                  it.
                </p>
                <button type="button" className="btn btn-primary" onClick={draft}>
                  Draft postmortem
                </button>
              </EmptyState>
              {error !== undefined && <ErrorMessage error={error} title="Could not draft the postmortem" />}
            </>
          ) : (
            <>
              <header className="page-head">
                <h1>{p.title}</h1>
              </header>
              <p className="muted small">
                Drafted by {p.draftedBy} <Time iso={p.draftedAt} short />
                {p.publishedAt && (
                  <>
                    {' '}
                    · published <Time iso={p.publishedAt} short />
                  </>
                )}
              </p>
              <Editor pm={p} onSaved={setCurrent} />
              <ActionBoard incidentId={p.incidentId} />
            </>
          )
        }
      </Loaded>
    </div>
  );
}
