import { type FormEvent, useState } from 'react';
import { BACKFILL_STATUSES, type DataImpact, impactApi } from '../api/incident-impact.js';
import { useApi } from '../api/session.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { fieldErrors } from '../components/field-errors.js';
import { Loaded } from '../components/loaded.js';
import { Time } from '../components/time.js';
import { useLoad } from '../components/use-load.js';

/** An ISO time as a datetime-local value in the reader's zone ('' for none). */
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : null);
const list = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

function ImpactForm({
  impact,
  onSave,
  onCancel,
}: {
  impact: DataImpact;
  onSave(body: Partial<DataImpact>): Promise<void>;
  onCancel(): void;
}) {
  const [from, setFrom] = useState(toLocalInput(impact.badDataFrom));
  const [to, setTo] = useState(toLocalInput(impact.badDataTo));
  const [rows, setRows] = useState(impact.rowsAffected === null ? '' : String(impact.rowsAffected));
  const [partitions, setPartitions] = useState(impact.partitions.join('\n'));
  const [consumers, setConsumers] = useState(impact.consumers.join('\n'));
  const [backfill, setBackfill] = useState(impact.backfillStatus);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errs = fieldErrors(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // A window end shown from the incident's own times (estimated) is sent only once a person
      // changes it, so saving other fields does not record the estimate as if someone had set it.
      const initialFrom = toLocalInput(impact.badDataFrom);
      const initialTo = toLocalInput(impact.badDataTo);
      await onSave({
        ...(impact.estimated?.badDataFrom && from === initialFrom
          ? {}
          : { badDataFrom: fromLocalInput(from) }),
        ...(impact.estimated?.badDataTo && to === initialTo ? {} : { badDataTo: fromLocalInput(to) }),
        rowsAffected: rows.trim() === '' ? null : Number(rows),
        partitions: list(partitions),
        consumers: list(consumers),
        backfillStatus: backfill,
      });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Edit data impact">
      <div className="form-grid">
        <Field label="Bad data from" hint="first bad load, your time" error={errs.badDataFrom}>
          {(p) => (
            <input {...p} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          )}
        </Field>
        <Field label="Bad data until" hint="when the fix replaced it" error={errs.badDataTo}>
          {(p) => <input {...p} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />}
        </Field>
        <Field label="Rows affected" error={errs.rowsAffected}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              step={1}
              value={rows}
              onChange={(e) => setRows(e.target.value)}
            />
          )}
        </Field>
        <Field label="Backfill" error={errs.backfillStatus}>
          {(p) => (
            <select
              {...p}
              value={backfill}
              onChange={(e) => setBackfill(e.target.value as DataImpact['backfillStatus'])}
            >
              {BACKFILL_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.replace('_', ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Partitions" hint="one per line" error={errs.partitions}>
          {(p) => (
            <textarea {...p} rows={2} value={partitions} onChange={(e) => setPartitions(e.target.value)} />
          )}
        </Field>
        <Field label="Consumers" hint="dashboards, models, teams; one per line" error={errs.consumers}>
          {(p) => (
            <textarea {...p} rows={2} value={consumers} onChange={(e) => setConsumers(e.target.value)} />
          )}
        </Field>
      </div>
      {error !== undefined && <ErrorMessage error={error} title="The data impact was not saved" />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save impact'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The data impact: bad-data window, rows, partitions, consumers, backfill; each save is on the timeline. */
export function IncidentImpact({ incidentId, onSaved }: { incidentId: string; onSaved(): void }) {
  const api = useApi();
  const load = useLoad(() => impactApi(api).get(incidentId), [api, incidentId]);
  const [editing, setEditing] = useState(false);
  return (
    <section className="card" aria-labelledby="impact-h">
      <div className="section-head">
        <h2 id="impact-h">Data impact</h2>
        {!editing && load.data && (
          <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
            Edit impact
          </button>
        )}
      </div>
      <Loaded load={load} what="the data impact">
        {(impact) =>
          editing ? (
            <ImpactForm
              impact={impact}
              onCancel={() => setEditing(false)}
              onSave={async (body) => {
                await impactApi(api).save(incidentId, body);
                setEditing(false);
                load.reload();
                onSaved();
              }}
            />
          ) : (
            <dl className="kv">
              <dt>Bad data</dt>
              <dd>
                <Time iso={impact.badDataFrom} empty="start not known" /> →{' '}
                <Time iso={impact.badDataTo} empty="not fixed yet" />
                {impact.estimated?.badDataFrom || impact.estimated?.badDataTo ? (
                  <span className="muted"> (from the incident's start and resolution)</span>
                ) : null}
              </dd>
              <dt>Rows affected</dt>
              <dd>{impact.rowsAffected?.toLocaleString() ?? '—'}</dd>
              <dt>Partitions</dt>
              <dd>{impact.partitions.join(', ') || '—'}</dd>
              <dt>Consumers</dt>
              <dd>{impact.consumers.join(', ') || '—'}</dd>
              <dt>Backfill</dt>
              <dd>{impact.backfillStatus.replace('_', ' ')}</dd>
            </dl>
          )
        }
      </Loaded>
    </section>
  );
}
