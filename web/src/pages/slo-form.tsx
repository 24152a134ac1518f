import { type FormEvent, useState } from 'react';
import { useApi } from '../api/session.js';
import { type Slo, sloApi } from '../api/slos.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { fieldErrors, invalid } from '../components/field-errors.js';
import { blankSli, type SliDraft, SLI_KINDS, SliFields, sliBody } from './slo-indicator-fields.js';

const WINDOWS = [
  ['7d', 'rolling 7 days'],
  ['28d', 'rolling 28 days'],
  ['30d', 'rolling 30 days'],
  ['1M', 'calendar month'],
  ['1Q', 'calendar quarter'],
] as const;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function timeWindow(w: string) {
  if (!w.endsWith('M') && !w.endsWith('Q')) return { rolling: true, duration: w };
  return { rolling: false, duration: w, startTime: '2026-01-01 00:00:00', timeZone: browserZone() };
}

/** A new SLO: who it belongs to, what counts as a good event, the target and the window. */
export function SloForm({
  monitors,
  onCreated,
  onCancel,
}: {
  /** Monitor names, offered as suggestions. */
  monitors: string[];
  onCreated(s: Slo): void;
  onCancel(): void;
}) {
  const api = useApi();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [service, setService] = useState('');
  const [owner, setOwner] = useState('');
  const [sli, setSli] = useState<SliDraft>(blankSli);
  const [target, setTarget] = useState('99');
  const [period, setPeriod] = useState('28d');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errs = fieldErrors(error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const pct = Number(target);
      if (!Number.isFinite(pct) || pct <= 0 || pct >= 100)
        throw invalid('objective.target', 'a percentage above 0 and below 100, e.g. 99.5');
      const created = await sloApi(api).create({
        name: name.trim(),
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        service: service.trim(),
        ...(owner.trim() ? { owner: owner.trim() } : {}),
        indicator: sliBody(sli),
        objective: { target: Math.round(pct * 1000) / 100_000 },
        timeWindow: timeWindow(period),
      });
      onCreated(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card form" onSubmit={submit} aria-label="New SLO" noValidate>
      <h2>New SLO</h2>
      <datalist id="slo-monitors">
        {monitors.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <div className="form-grid">
        <Field label="Name" hint="lowercase letters, digits and dashes: orders-fresh" error={errs.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required />}
        </Field>
        <Field label="Display name" hint="optional" error={errs.displayName}>
          {(p) => <input {...p} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field label="Service" hint="what it is about: orders, finance …" error={errs.service}>
          {(p) => <input {...p} value={service} onChange={(e) => setService(e.target.value)} required />}
        </Field>
        <Field label="Owner" hint="optional; put on the alerts it raises" error={errs.owner}>
          {(p) => <input {...p} value={owner} onChange={(e) => setOwner(e.target.value)} />}
        </Field>
        <Field
          label="Indicator"
          hint="what counts as a good event"
          error={errs['indicator.kind'] ?? errs.indicator}
        >
          {(p) => (
            <select
              {...p}
              value={sli.kind}
              onChange={(e) => setSli((d) => ({ ...d, kind: e.target.value as SliDraft['kind'] }))}
            >
              {SLI_KINDS.map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <SliFields d={sli} set={(patch) => setSli((d) => ({ ...d, ...patch }))} errs={errs} />
        <Field label="Target (%)" hint="share of good events, e.g. 99.5" error={errs['objective.target']}>
          {(p) => (
            <input
              {...p}
              type="number"
              step="any"
              min={0}
              max={100}
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              required
            />
          )}
        </Field>
        <Field
          label="Window"
          error={errs.timeWindow ?? errs['timeWindow.duration'] ?? errs['timeWindow.timeZone']}
        >
          {(p) => (
            <select {...p} value={period} onChange={(e) => setPeriod(e.target.value)}>
              {WINDOWS.map(([w, label]) => (
                <option key={w} value={w}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {error !== undefined && <ErrorMessage error={error} title="The SLO was not created" />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create SLO'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
