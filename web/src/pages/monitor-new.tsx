import { type FormEvent, useState } from 'react';
import { useApi } from '../api/session.js';
import { MONITOR_KINDS, type MonitorKind, SEVERITIES, type Severity } from '../api/types.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { Loaded } from '../components/loaded.js';
import { useLoad } from '../components/use-load.js';
import { Link, navigate } from '../router.js';
import { buildConfig, MONITOR_KIND_FORMS } from './monitor-kinds.js';

export default function MonitorNewPage() {
  const api = useApi();
  const sources = useLoad(() => api.listSources(), [api]);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<MonitorKind>('volume');
  const [source, setSource] = useState('');
  const [asset, setAsset] = useState('');
  const [every, setEvery] = useState('1h');
  const [severity, setSeverity] = useState<Severity>('ticket');
  const [owner, setOwner] = useState('');
  const [description, setDescription] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.createMonitor({
        name: name.trim(),
        kind,
        source: source || sources.data?.items[0]?.id || '',
        asset: asset.trim(),
        config: buildConfig(kind, values),
        schedule: { every: every.trim() },
        severity,
        owner: owner.trim() || null,
        description: description.trim(),
      });
      navigate(`/monitors/${created.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <header className="page-head">
        <h1>New monitor</h1>
      </header>
      <Loaded load={sources} what="sources">
        {({ items }) =>
          items.length === 0 ? (
            <p className="notice">
              A monitor watches a table in a source, and there is no source yet.{' '}
              <Link to="/sources?new=1">Add a source</Link> first.
            </p>
          ) : (
            <form className="card form" onSubmit={submit} aria-label="New monitor">
              <div className="form-grid">
                <Field label="Name">
                  {(p) => (
                    <input
                      {...p}
                      name="name"
                      value={name}
                      onChange={(e) => setName(e.target.value)}
                      required
                    />
                  )}
                </Field>
                <Field label="Kind" hint={MONITOR_KIND_FORMS[kind].blurb}>
                  {(p) => (
                    <select
                      {...p}
                      name="kind"
                      value={kind}
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
                      value={source || items[0]?.id}
                      onChange={(e) => setSource(e.target.value)}
                    >
                      {items.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.name} ({s.kind})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label="Table" hint="schema.table, e.g. main.orders">
                  {(p) => (
                    <input
                      {...p}
                      name="asset"
                      value={asset}
                      onChange={(e) => setAsset(e.target.value)}
                      required
                    />
                  )}
                </Field>
                {MONITOR_KIND_FORMS[kind].fields.map((f) => {
                  const key = f.path.join('.');
                  const set = (v: string) => setValues({ ...values, [key]: v });
                  return (
                    <Field key={key} label={f.label} hint={f.hint}>
                      {(p) =>
                        f.type === 'select' ? (
                          <select
                            {...p}
                            name={key}
                            value={values[key] ?? f.options?.[0]}
                            onChange={(e) => set(e.target.value)}
                          >
                            {f.options?.map((o) => (
                              <option key={o}>{o}</option>
                            ))}
                          </select>
                        ) : f.type === 'textarea' ? (
                          <textarea
                            {...p}
                            name={key}
                            rows={4}
                            className="mono"
                            required={f.required}
                            value={values[key] ?? ''}
                            onChange={(e) => set(e.target.value)}
                          />
                        ) : (
                          <input
                            {...p}
                            name={key}
                            type={f.type === 'number' ? 'number' : 'text'}
                            step="any"
                            required={f.required}
                            value={values[key] ?? ''}
                            onChange={(e) => set(e.target.value)}
                          />
                        )
                      }
                    </Field>
                  );
                })}
                <Field label="Every" hint="30s, 5m, 1h, 1d (at least 10s)">
                  {(p) => (
                    <input
                      {...p}
                      name="every"
                      value={every}
                      onChange={(e) => setEvery(e.target.value)}
                      required
                    />
                  )}
                </Field>
                <Field
                  label="Severity"
                  hint="page wakes someone; ticket waits for working hours; log only records"
                >
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
                <Field label="Owner" hint="a team or person; alerts are routed by it">
                  {(p) => (
                    <input {...p} name="owner" value={owner} onChange={(e) => setOwner(e.target.value)} />
                  )}
                </Field>
                <Field label="Description">
                  {(p) => (
                    <input
                      {...p}
                      name="description"
                      value={description}
                      onChange={(e) => setDescription(e.target.value)}
                    />
                  )}
                </Field>
              </div>
              {error !== undefined && <ErrorMessage error={error} title="The monitor was not created" />}
              <div className="actions">
                <button type="submit" className="btn btn-primary" disabled={busy}>
                  {busy ? 'Creating…' : 'Create monitor'}
                </button>
                <Link className="btn" to="/monitors">
                  Cancel
                </Link>
              </div>
            </form>
          )
        }
      </Loaded>
    </div>
  );
}
