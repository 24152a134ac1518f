import { type FormEvent, useState } from 'react';
import { useApi } from '../api/session.js';
import type { Source } from '../api/types.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { type FieldValues, initialValues, SOURCE_KINDS, toConfig } from './source-kinds.js';

function parseJson(text: string, what: string): Record<string, unknown> {
  if (!text.trim()) return {};
  const v: unknown = JSON.parse(text);
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

/** Create a source: kind-specific fields; secrets are sent once and never shown again. */
export function SourceForm({
  onCreated,
  onCancel,
}: {
  onCreated: (s: Source) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const [name, setName] = useState('');
  const [kind, setKind] = useState('duckdb');
  const [otherKind, setOtherKind] = useState('');
  const [description, setDescription] = useState('');
  const [values, setValues] = useState<FieldValues>(() => initialValues('duckdb'));
  const [configJson, setConfigJson] = useState('{}');
  const [secretsJson, setSecretsJson] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const changeKind = (k: string) => {
    setKind(k);
    setValues(initialValues(k));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const known = SOURCE_KINDS[kind];
      const { config, secrets } = known
        ? toConfig(kind, values)
        : { config: parseJson(configJson, 'Config'), secrets: parseJson(secretsJson, 'Secrets') };
      const created = await api.createSource({
        name: name.trim(),
        kind: known ? kind : otherKind.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        config,
        ...(Object.keys(secrets).length ? { secrets } : {}),
      });
      onCreated(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const fields = SOURCE_KINDS[kind]?.fields ?? [];
  return (
    <form className="card form" onSubmit={submit} aria-label="New source">
      <h2>New source</h2>
      <div className="form-grid">
        <Field label="Name" hint="letters, digits, _ . - ; used in monitors and the CLI">
          {(p) => (
            <input
              {...p}
              name="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={100}
            />
          )}
        </Field>
        <Field label="Kind">
          {(p) => (
            <select {...p} name="kind" value={kind} onChange={(e) => changeKind(e.target.value)}>
              {Object.entries(SOURCE_KINDS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v.label}
                </option>
              ))}
              <option value="other">Other (config as JSON)</option>
            </select>
          )}
        </Field>
        {fields.map((f) =>
          f.type === 'checkbox' ? (
            <label key={f.key} className="check">
              <input
                type="checkbox"
                name={f.key}
                checked={values[f.key] === true}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.checked })}
              />
              {f.label}
            </label>
          ) : (
            <Field
              key={f.key}
              label={f.label}
              hint={f.secret ? 'write-only: stored sealed, never shown again' : f.hint}
            >
              {(p) => (
                <input
                  {...p}
                  name={f.key}
                  type={f.type}
                  autoComplete={f.secret ? 'new-password' : 'off'}
                  required={f.required}
                  value={String(values[f.key] ?? '')}
                  onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                />
              )}
            </Field>
          ),
        )}
        {kind === 'other' && (
          <>
            <Field label="Kind name" hint="as the server knows it, e.g. snowflake">
              {(p) => (
                <input
                  {...p}
                  name="otherKind"
                  value={otherKind}
                  onChange={(e) => setOtherKind(e.target.value)}
                  required
                />
              )}
            </Field>
            <Field label="Config (JSON)">
              {(p) => (
                <textarea
                  {...p}
                  name="config"
                  rows={4}
                  value={configJson}
                  onChange={(e) => setConfigJson(e.target.value)}
                />
              )}
            </Field>
            <Field
              label="Secrets (JSON, write-only)"
              hint="passwords and keys; stored sealed, never shown again"
            >
              {(p) => (
                <textarea
                  {...p}
                  name="secrets"
                  rows={3}
                  value={secretsJson}
                  onChange={(e) => setSecretsJson(e.target.value)}
                />
              )}
            </Field>
          </>
        )}
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
      {error !== undefined && <ErrorMessage error={error} title="The source was not created" />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create source'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
