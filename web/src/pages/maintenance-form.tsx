import { type FormEvent, useState } from 'react';
import { useApi } from '../api/session.js';
import { type MaintenanceInput, type MaintenanceWindow, settingsApi } from '../api/settings.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { fieldErrors, invalid } from '../components/field-errors.js';

const FOR = ['30m', '1h', '2h', '4h', '8h', '12h', '1d', '3d'];
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * A new maintenance window on one asset or one source: its alerts are recorded but not notified
 * while it is open. One-off (from now or a later start, for a while) or recurring by cron.
 */
export function MaintenanceForm({
  onCreated,
  onCancel,
}: {
  onCreated(w: MaintenanceWindow): void;
  onCancel(): void;
}) {
  const api = useApi();
  const [scope, setScope] = useState<'asset' | 'source'>('asset');
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [recurring, setRecurring] = useState(false);
  const [start, setStart] = useState('');
  const [duration, setDuration] = useState('2h');
  const [cron, setCron] = useState('0 2 * * 0');
  const [zone, setZone] = useState(browserZone());
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errs = fieldErrors(error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (!target.trim()) throw invalid('asset', `name the ${scope}`);
      const body: MaintenanceInput = {
        [scope]: target.trim(),
        reason: reason.trim(),
        ...(start ? { startsAt: new Date(start).toISOString() } : {}),
        ...(recurring
          ? { recurrence: { cron: cron.trim(), duration: duration.trim(), timeZone: zone.trim() } }
          : { for: duration.trim() }),
      };
      onCreated(await settingsApi(api).startMaintenance(body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} aria-label="New maintenance window">
      <h2>New maintenance window</h2>
      <div className="form-grid">
        <Field label="On" hint="an asset, or every asset of a source">
          {(p) => (
            <select {...p} value={scope} onChange={(e) => setScope(e.target.value as 'asset' | 'source')}>
              <option value="asset">asset</option>
              <option value="source">source</option>
            </select>
          )}
        </Field>
        <Field
          label={scope === 'asset' ? 'Asset' : 'Source'}
          hint={scope === 'asset' ? 'as in the catalog, e.g. warehouse/main.orders' : 'the source name'}
          error={errs.asset ?? errs.source ?? errs.target}
        >
          {(p) => <input {...p} value={target} onChange={(e) => setTarget(e.target.value)} required />}
        </Field>
        <Field label="Reason" hint="shown on the alerts it holds back" error={errs.reason}>
          {(p) => (
            <input
              {...p}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="backfill of March"
              required
              maxLength={2000}
            />
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={recurring} onChange={(e) => setRecurring(e.target.checked)} />
          Recurring
        </label>
        <Field
          label={recurring ? 'First possible start' : 'Starts'}
          hint="optional; now when empty, your time"
          error={errs.startsAt}
        >
          {(p) => (
            <input {...p} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
          )}
        </Field>
        <Field
          label={recurring ? 'Each lasts' : 'Lasts'}
          hint="30m, 2h, 1d …"
          error={recurring ? errs['recurrence.duration'] : errs.for}
        >
          {(p) => (
            <input
              {...p}
              list="maintenance-durations"
              value={duration}
              onChange={(e) => setDuration(e.target.value)}
              required
            />
          )}
        </Field>
        {recurring && (
          <>
            <Field
              label="Starts on (cron)"
              hint="5 fields: minute hour day month weekday; 0 2 * * 0 = Sundays 02:00"
              error={errs['recurrence.cron'] ?? errs.cron}
            >
              {(p) => (
                <input
                  {...p}
                  className="mono"
                  value={cron}
                  onChange={(e) => setCron(e.target.value)}
                  required
                />
              )}
            </Field>
            <Field
              label="Time zone"
              hint="the cron is read in it"
              error={errs['recurrence.timeZone'] ?? errs.timeZone}
            >
              {(p) => <input {...p} value={zone} onChange={(e) => setZone(e.target.value)} required />}
            </Field>
          </>
        )}
      </div>
      <datalist id="maintenance-durations">
        {FOR.map((d) => (
          <option key={d} value={d} />
        ))}
      </datalist>
      {error !== undefined && <ErrorMessage error={error} title="The maintenance window was not opened" />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Opening…' : 'Open maintenance window'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
