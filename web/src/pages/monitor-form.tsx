import { type FormEvent, useState } from 'react';
import type { MonitorPreviewInput } from '../api/monitors.js';
import {
  MONITOR_KINDS,
  type Monitor,
  type MonitorKind,
  type Schedule,
  SEVERITIES,
  type Severity,
  type Source,
} from '../api/types.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { Link } from '../router.js';
import { KindFields } from './monitor-kind-fields.js';
import { MONITOR_KIND_FORMS, mergeConfig, valuesFromConfig } from './monitor-kinds.js';
import { PreviewRun } from './monitor-preview.js';

/** What the form hands back on submit: a create body, or (without `kind`) a PATCH body. */
export interface MonitorSpec {
  name: string;
  kind: MonitorKind;
  source: string;
  asset: string;
  config: Record<string, unknown>;
  schedule: Schedule;
  severity: Severity;
  owner: string | null;
  description: string;
}

/**
 * The monitor form, shared by "New monitor" and "Edit monitor". Editing keeps the kind (the API
 * does not change it) and config keys the form does not show; both offer a preview run.
 */
export function MonitorForm({
  initial,
  sources,
  label,
  submitLabel,
  busyLabel,
  errorTitle,
  cancelTo,
  onSubmit,
}: {
  initial?: Monitor;
  sources: Source[];
  label: string;
  submitLabel: string;
  busyLabel: string;
  errorTitle: string;
  cancelTo: string;
  onSubmit: (spec: MonitorSpec) => Promise<void>;
}) {
  const cron = initial && 'cron' in initial.schedule ? initial.schedule : undefined;
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<MonitorKind>(initial?.kind ?? 'volume');
  const [source, setSource] = useState(initial?.sourceId ?? '');
  const [asset, setAsset] = useState(initial?.asset ?? '');
  const [every, setEvery] = useState(initial && 'every' in initial.schedule ? initial.schedule.every : '1h');
  const [cronText, setCronText] = useState(cron?.cron ?? '');
  const [timeZone, setTimeZone] = useState(cron?.timeZone ?? '');
  const [severity, setSeverity] = useState<Severity>(initial?.severity ?? 'ticket');
  const [owner, setOwner] = useState(initial?.owner ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [values, setValues] = useState<Record<string, string>>(() =>
    initial ? valuesFromConfig(initial.kind, initial.config) : {},
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const schedule = (): Schedule =>
    cron
      ? { cron: cronText.trim(), ...(timeZone.trim() ? { timeZone: timeZone.trim() } : {}) }
      : { every: every.trim() };
  const spec = (): MonitorSpec => ({
    name: name.trim(),
    kind,
    source: source || sources[0]?.id || '',
    asset: asset.trim(),
    config: mergeConfig(kind, initial?.config ?? {}, values),
    schedule: schedule(),
    severity,
    owner: owner.trim() || null,
    description: description.trim(),
  });
  const previewSpec = (): MonitorPreviewInput | string => {
    const s = spec();
    if (!s.asset) return 'Fill in the table first.';
    return {
      kind: s.kind,
      source: s.source,
      asset: s.asset,
      config: s.config,
      schedule: s.schedule,
      ...(s.name ? { name: s.name } : {}),
      ...(initial ? { monitor: initial.id } : {}),
    };
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(spec());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const text = (
    label: string,
    field: string,
    value: string,
    set: (v: string) => void,
    opts: { hint?: string; required?: boolean } = {},
  ) => (
    <Field label={label} hint={opts.hint}>
      {(p) => (
        <input
          {...p}
          name={field}
          value={value}
          onChange={(e) => set(e.target.value)}
          required={opts.required}
        />
      )}
    </Field>
  );

  return (
    <form className="card form" onSubmit={submit} aria-label={label}>
      <div className="form-grid">
        {text('Name', 'name', name, setName, { required: true })}
        <Field
          label="Kind"
          hint={`${MONITOR_KIND_FORMS[kind].blurb}${initial ? ' A monitor keeps its kind.' : ''}`}
        >
          {(p) => (
            <select
              {...p}
              name="kind"
              value={kind}
              disabled={initial !== undefined}
              onChange={(e) => {
                setKind(e.target.value as MonitorKind);
                setValues({});
              }}
            >
              {MONITOR_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Source">
          {(p) => (
            <select
              {...p}
              name="source"
              value={source || sources[0]?.id}
              onChange={(e) => setSource(e.target.value)}
            >
              {sources.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.kind})
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('Table', 'asset', asset, setAsset, { hint: 'schema.table, e.g. main.orders', required: true })}
        <KindFields kind={kind} values={values} onChange={setValues} />
        {cron ? (
          <>
            {text('Cron', 'cron', cronText, setCronText, { hint: 'e.g. 0 6 * * 1-5', required: true })}
            {text('Time zone', 'timeZone', timeZone, setTimeZone, {
              hint: 'e.g. Europe/Berlin; UTC when empty',
            })}
          </>
        ) : (
          text('Every', 'every', every, setEvery, { hint: '30s, 5m, 1h, 1d (at least 10s)', required: true })
        )}
        <Field label="Severity" hint="page wakes someone; ticket waits for working hours; log only records">
          {(p) => (
            <select
              {...p}
              name="severity"
              value={severity}
              onChange={(e) => setSeverity(e.target.value as Severity)}
            >
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </Field>
        {text('Owner', 'owner', owner, setOwner, { hint: 'a team or person; alerts are routed by it' })}
        {text('Description', 'description', description, setDescription)}
      </div>
      <PreviewRun spec={previewSpec} />
      {error !== undefined && <ErrorMessage error={error} title={errorTitle} />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        <Link className="btn" to={cancelTo}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
