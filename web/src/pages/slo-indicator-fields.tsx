import { Field } from '../components/field.js';

/** The indicator kinds the API takes, with what each measures, in the order a reader meets them. */
export const SLI_KINDS = [
  ['freshness', 'Fresh data: a freshness monitor passes'],
  ['monitor_pass_rate', 'Checks pass: monitors pass'],
  ['completeness', 'Complete data: a volume monitor sees the rows'],
  ['pipeline_success', 'Pipeline runs succeed'],
  ['pipeline_deadline', 'Pipeline runs finish in time'],
  ['incident_acknowledged', 'Incidents acknowledged in time'],
  ['incident_resolved', 'Incidents resolved in time'],
  ['prometheus', 'Prometheus queries: good / total'],
] as const;
export type SliKind = (typeof SLI_KINDS)[number][0];

export interface SliDraft {
  kind: SliKind;
  monitor: string;
  monitors: string;
  job: string;
  within: string;
  expectedRows: string;
  good: string;
  total: string;
}

export const blankSli: SliDraft = {
  kind: 'freshness',
  monitor: '',
  monitors: '',
  job: '',
  within: '1h',
  expectedRows: '',
  good: '',
  total: '',
};

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The indicator as the API takes it: only the fields of its kind. */
export function sliBody(d: SliDraft): Record<string, unknown> {
  switch (d.kind) {
    case 'freshness':
      return { kind: d.kind, monitor: d.monitor.trim() };
    case 'monitor_pass_rate':
      return { kind: d.kind, monitors: list(d.monitors) };
    case 'completeness':
      return {
        kind: d.kind,
        monitor: d.monitor.trim(),
        ...(d.expectedRows.trim() ? { expectedRows: Number(d.expectedRows) } : {}),
      };
    case 'pipeline_success':
      return { kind: d.kind, job: d.job.trim() };
    case 'pipeline_deadline':
      return { kind: d.kind, job: d.job.trim(), within: d.within.trim() };
    case 'incident_acknowledged':
    case 'incident_resolved':
      return { kind: d.kind, within: d.within.trim() };
    case 'prometheus':
      return { kind: d.kind, good: d.good.trim(), total: d.total.trim(), counter: true };
  }
}

/** The fields of the chosen indicator kind; errors come keyed by 'indicator.<field>'. */
export function SliFields({
  d,
  set,
  errs,
}: {
  d: SliDraft;
  set(patch: Partial<SliDraft>): void;
  errs: Record<string, string>;
}) {
  const e = (f: string) => errs[`indicator.${f}`];
  const text = (label: string, key: keyof SliDraft, hint?: string, listId?: string) => (
    <Field key={key} label={label} hint={hint} error={e(key)}>
      {(p) => (
        <input
          {...p}
          list={listId}
          value={d[key]}
          onChange={(ev) => set({ [key]: ev.target.value })}
          required
        />
      )}
    </Field>
  );
  switch (d.kind) {
    case 'freshness':
      return text('Monitor', 'monitor', 'the freshness monitor, by name', 'slo-monitors');
    case 'monitor_pass_rate':
      return text('Monitors', 'monitors', 'monitor names, comma-separated', 'slo-monitors');
    case 'completeness':
      return (
        <>
          {text('Monitor', 'monitor', 'the volume monitor, by name', 'slo-monitors')}
          <Field label="Expected rows" hint="optional; else the monitor's band" error={e('expectedRows')}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                value={d.expectedRows}
                onChange={(ev) => set({ expectedRows: ev.target.value })}
              />
            )}
          </Field>
        </>
      );
    case 'pipeline_success':
      return text('Job', 'job', 'namespace/name, as on the Pipelines page');
    case 'pipeline_deadline':
      return (
        <>
          {text('Job', 'job', 'namespace/name, as on the Pipelines page')}
          {text('Within', 'within', 'a run must finish within, e.g. 45m')}
        </>
      );
    case 'incident_acknowledged':
    case 'incident_resolved':
      return text('Within', 'within', 'e.g. 15m or 4h');
    case 'prometheus':
      return (
        <>
          {text('Good events query', 'good', 'PromQL counter of good events')}
          {text('Total events query', 'total', 'PromQL counter of all events')}
        </>
      );
  }
}
