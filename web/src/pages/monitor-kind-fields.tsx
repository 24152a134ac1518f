import type { MonitorKind } from '../api/types.js';
import { Field } from '../components/field.js';
import { MONITOR_KIND_FORMS } from './monitor-kinds.js';

/** The kind's own config fields (SQL, bounds, sensitivity…), keyed by path joined with '.'. */
export function KindFields({
  kind,
  values,
  onChange,
}: {
  kind: MonitorKind;
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}) {
  return (
    <>
      {MONITOR_KIND_FORMS[kind].fields.map((f) => {
        const key = f.path.join('.');
        const set = (v: string) => onChange({ ...values, [key]: v });
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
    </>
  );
}
