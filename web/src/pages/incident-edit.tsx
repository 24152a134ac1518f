import { type FormEvent, useState } from 'react';
import { respondApi } from '../api/respond.js';
import { useApi } from '../api/session.js';
import { INCIDENT_TYPES, type Incident } from '../api/types-respond.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { fieldErrors } from '../components/field-errors.js';

const lines = (s: string) => [
  ...new Set(
    s
      .split(/[\n,]/)
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];

/**
 * Edit the incident's title, summary, type and affected assets in place. Only what changed is
 * sent; the API writes each change on the timeline.
 */
export function IncidentEdit({ incident, onChange }: { incident: Incident; onChange(i: Incident): void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(incident.title);
  const [summary, setSummary] = useState(incident.summary);
  const [type, setType] = useState(incident.type);
  const [assets, setAssets] = useState(incident.affectedAssets.join('\n'));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errs = fieldErrors(error);

  const start = () => {
    setTitle(incident.title);
    setSummary(incident.summary);
    setType(incident.type);
    setAssets(incident.affectedAssets.join('\n'));
    setError(undefined);
    setOpen(true);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    if (title.trim() !== incident.title) body.title = title.trim();
    if (summary.trim() !== incident.summary) body.summary = summary.trim();
    if (type !== incident.type) body.type = type;
    const list = lines(assets);
    if (list.join('\n') !== incident.affectedAssets.join('\n')) body.affectedAssets = list;
    if (Object.keys(body).length === 0) return setOpen(false);
    setBusy(true);
    setError(undefined);
    try {
      onChange(await respondApi(api).updateIncident(incident.id, body));
      setOpen(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <div className="edit-row">
        <p className="lead grow">{incident.summary || <span className="muted">No summary yet.</span>}</p>
        <button
          type="button"
          className="btn btn-small"
          onClick={start}
          disabled={incident.status === 'closed'}
        >
          Edit details
        </button>
      </div>
    );
  return (
    <form className="card form" onSubmit={submit} aria-label="Edit incident details">
      <div className="form-grid">
        <Field label="Title" error={errs.title}>
          {(p) => (
            <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={500} />
          )}
        </Field>
        <Field label="Type" error={errs.type}>
          {(p) => (
            <select {...p} value={type} onChange={(e) => setType(e.target.value)}>
              {INCIDENT_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          )}
        </Field>
        <div className="wide">
          <Field
            label="Summary"
            hint="what is wrong and who is affected, in a few lines"
            error={errs.summary}
          >
            {(p) => (
              <textarea
                {...p}
                rows={4}
                value={summary}
                onChange={(e) => setSummary(e.target.value)}
                maxLength={10_000}
              />
            )}
          </Field>
        </div>
        <Field label="Affected assets" hint="one per line" error={errs.affectedAssets}>
          {(p) => (
            <textarea
              {...p}
              className="mono"
              rows={3}
              value={assets}
              onChange={(e) => setAssets(e.target.value)}
            />
          )}
        </Field>
      </div>
      {error !== undefined && <ErrorMessage error={error} title="The incident was not changed" />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save details'}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
