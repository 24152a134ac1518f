import { type FormEvent, useState } from 'react';
import { useApi } from '../api/session.js';
import { type Policy, settingsApi } from '../api/settings.js';
import { ErrorMessage } from '../components/error-message.js';
import { Field } from '../components/field.js';
import { fieldErrors, invalid } from '../components/field-errors.js';

const split = (s: string, by: RegExp) =>
  s
    .split(by)
    .map((x) => x.trim())
    .filter(Boolean);

interface LevelDraft {
  targets: string;
  delayMinutes: string;
}

/**
 * Create or replace an escalation policy: level 1's targets are paged first; if nobody
 * acknowledges within its delay, level 2's are, and so on, the whole chain repeated `repeat` times.
 */
export function PolicyForm({
  existing,
  targets,
  onSaved,
  onCancel,
}: {
  existing?: Policy | undefined;
  /** Channel names and schedule:NAME, offered as suggestions. */
  targets: string[];
  onSaved(p: Policy): void;
  onCancel(): void;
}) {
  const api = useApi();
  const [name, setName] = useState(existing?.name ?? '');
  const [matchers, setMatchers] = useState(existing?.matchers.join('\n') ?? '');
  const [levels, setLevels] = useState<LevelDraft[]>(
    existing?.levels.map((l) => ({
      targets: l.targets.join(', '),
      delayMinutes: String(l.delayMinutes),
    })) ?? [{ targets: targets.find((t) => t.startsWith('schedule:')) ?? '', delayMinutes: '15' }],
  );
  const [repeat, setRepeat] = useState(String(existing?.repeat ?? 0));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errs = fieldErrors(error);
  const levelError = (i: number, f: string) =>
    errs[`levels[${i}].${f}`] ?? Object.entries(errs).find(([k]) => k.startsWith(`levels[${i}].${f}[`))?.[1];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (!/^[\w.-]{1,100}$/.test(name.trim()))
        throw invalid('name', 'letters, digits, dot, dash, underscore');
      const saved = await settingsApi(api).savePolicy(name.trim(), {
        matchers: split(matchers, /\n/),
        levels: levels.map((l) => ({ targets: split(l.targets, /,/), delayMinutes: Number(l.delayMinutes) })),
        repeat: Number(repeat),
      });
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card form"
      onSubmit={submit}
      aria-label={existing ? `Edit policy ${existing.name}` : 'New escalation policy'}
    >
      <h2>{existing ? `Edit escalation policy ${existing.name}` : 'New escalation policy'}</h2>
      <datalist id="escalation-targets">
        {targets.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <div className="form-grid">
        <Field label="Policy name" error={errs.name}>
          {(p) => (
            <input
              {...p}
              value={name}
              onChange={(e) => setName(e.target.value)}
              readOnly={existing !== undefined}
              required
            />
          )}
        </Field>
        <Field
          label="Pages it covers"
          hint='matchers, one per line, all must match; e.g. severity="page". Empty: every page'
          error={errs.matchers ?? Object.entries(errs).find(([k]) => k.startsWith('matchers['))?.[1]}
        >
          {(p) => (
            <textarea
              {...p}
              className="mono"
              rows={2}
              value={matchers}
              onChange={(e) => setMatchers(e.target.value)}
            />
          )}
        </Field>
        <Field label="Repeat" hint="times the whole chain starts over" error={errs.repeat}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={0}
              max={20}
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
            />
          )}
        </Field>
      </div>
      {levels.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: levels are ordered and have no identity
        <fieldset key={i} className="sub-card">
          <legend>Level {i + 1}</legend>
          <div className="form-grid">
            <Field
              label={`Level ${i + 1} targets`}
              hint="channels or schedule:NAME, comma-separated"
              error={levelError(i, 'targets')}
            >
              {(p) => (
                <input
                  {...p}
                  list="escalation-targets"
                  value={l.targets}
                  onChange={(e) =>
                    setLevels((ls) => ls.map((x, j) => (j === i ? { ...x, targets: e.target.value } : x)))
                  }
                  required
                />
              )}
            </Field>
            <Field
              label={`Level ${i + 1} delay (minutes)`}
              hint="how long to wait for an acknowledgement before the next level"
              error={levelError(i, 'delayMinutes')}
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={1440}
                  value={l.delayMinutes}
                  onChange={(e) =>
                    setLevels((ls) =>
                      ls.map((x, j) => (j === i ? { ...x, delayMinutes: e.target.value } : x)),
                    )
                  }
                  required
                />
              )}
            </Field>
          </div>
          {levels.length > 1 && (
            <button
              type="button"
              className="btn btn-small btn-quiet"
              onClick={() => setLevels((ls) => ls.filter((_, j) => j !== i))}
            >
              Remove level {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => setLevels((ls) => [...ls, { targets: '', delayMinutes: '30' }])}
      >
        Add level
      </button>
      {error !== undefined && <ErrorMessage error={error} title="The escalation policy was not saved" />}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save policy'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
