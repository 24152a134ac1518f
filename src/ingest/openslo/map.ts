import type { SliSpec, SloSpec } from '../../domain/slo/model.js';
import type { OpenSliSpec, OpenSloDoc } from './schema.js';

/**
 * OpenSLO v1 to Vigil and back. OpenSLO has no owner, review date or budget policy: they travel
 * as `vigil.dev/…` annotations. Vigil's own indicators travel as a metric source of type `Vigil`.
 */
export const ANNOTATION = {
  owner: 'vigil.dev/owner',
  reviewDate: 'vigil.dev/review-date',
  onExhausted: 'vigil.dev/on-exhausted',
  postmortemShare: 'vigil.dev/postmortem-share',
  page: 'vigil.dev/page',
  ticket: 'vigil.dev/ticket',
  minEvents: 'vigil.dev/min-events',
} as const;

export interface MapProblem {
  /** Path inside the document, e.g. ['spec', 'indicator', 'spec', 'thresholdMetric']. */
  path: Array<string | number>;
  message: string;
}

export class OpenSloMapError extends Error {
  constructor(readonly problem: MapProblem) {
    super(problem.message);
  }
}

const fail = (path: Array<string | number>, message: string): never => {
  throw new OpenSloMapError({ path, message });
};

function queryOf(
  source: { type: string; spec: Record<string, unknown> },
  path: Array<string | number>,
): string {
  const q = source.spec.query ?? source.spec.promql;
  if (typeof q !== 'string' || q === '')
    return fail([...path, 'spec', 'query'], 'a Prometheus source needs spec.query');
  return q;
}

/** The indicator of an OpenSLO SLI spec; `path` points at it in the document for errors. */
export function indicatorFromOpenSlo(spec: OpenSliSpec, path: Array<string | number>): SliSpec {
  const r = spec.ratioMetric;
  if (!r)
    return fail(
      [...path, 'thresholdMetric'],
      'thresholdMetric indicators are not supported yet: use ratioMetric',
    );
  const part = (r.good ?? r.bad ?? r.raw ?? r.total) as NonNullable<typeof r.total>;
  const key = r.good ? 'good' : r.bad ? 'bad' : r.raw ? 'raw' : 'total';
  const type = part.metricSource.type.toLowerCase();
  const at = [...path, 'ratioMetric', key, 'metricSource'];
  if (type === 'vigil') {
    const { events: _events, ...native } = part.metricSource.spec;
    return native as unknown as SliSpec;
  }
  if (type !== 'prometheus')
    return fail(
      [...at, 'type'],
      `metric source type ${part.metricSource.type}: Vigil reads Vigil and Prometheus sources`,
    );
  const q = (m: typeof part | undefined, name: string) =>
    m ? queryOf(m.metricSource, [...path, 'ratioMetric', name, 'metricSource']) : undefined;
  if (r.raw) {
    const raw = q(r.raw, 'raw') as string;
    return {
      kind: 'prometheus',
      errorRatio: r.rawType === 'success' ? `1 - (${raw})` : raw,
      counter: r.counter,
    };
  }
  return {
    kind: 'prometheus',
    good: q(r.good, 'good'),
    bad: q(r.bad, 'bad'),
    total: q(r.total, 'total'),
    counter: r.counter,
  };
}

const flat = (labels: Record<string, string | string[]> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(labels ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));

/** An OpenSLO SLO document as the input Vigil's SLO schema validates. */
export function sloFromOpenSlo(doc: OpenSloDoc, indicator: SliSpec): Record<string, unknown> {
  const a = doc.metadata.annotations ?? {};
  const o = doc.spec.objectives[0] as OpenSloDoc['spec']['objectives'][number];
  const w = doc.spec.timeWindow[0] as OpenSloDoc['spec']['timeWindow'][number];
  const bool = (v: string | undefined, d: boolean) => (v === undefined ? d : v === 'true');
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return {
    name: doc.metadata.name,
    ...(doc.metadata.displayName ? { displayName: doc.metadata.displayName } : {}),
    description: doc.spec.description ?? '',
    service: doc.spec.service,
    owner: a[ANNOTATION.owner] ?? null,
    labels: flat(doc.metadata.labels),
    indicator,
    timeWindow: w.isRolling
      ? { rolling: true, duration: w.duration }
      : {
          rolling: false,
          duration: w.duration,
          startTime: w.calendar?.startTime ?? '1970-01-01 00:00:00',
          timeZone: w.calendar?.timeZone ?? 'UTC',
        },
    budgetingMethod: doc.spec.budgetingMethod,
    objective: {
      ...(o.displayName ? { displayName: o.displayName } : {}),
      target: o.target ?? (o.targetPercent as number) / 100,
      ...(o.timeSliceTarget !== undefined ? { timeSliceTarget: o.timeSliceTarget } : {}),
      ...(o.timeSliceWindow !== undefined ? { timeSliceWindow: o.timeSliceWindow } : {}),
    },
    alerting: {
      page: bool(a[ANNOTATION.page], true),
      ticket: bool(a[ANNOTATION.ticket], true),
      ...(num(a[ANNOTATION.minEvents]) !== undefined ? { minEvents: num(a[ANNOTATION.minEvents]) } : {}),
    },
    budgetPolicy: {
      onExhausted: a[ANNOTATION.onExhausted] ?? '',
      ...(num(a[ANNOTATION.postmortemShare]) !== undefined
        ? { postmortemShare: num(a[ANNOTATION.postmortemShare]) }
        : {}),
    },
    reviewDate: a[ANNOTATION.reviewDate] ?? null,
  };
}

function ratioMetricOf(sli: SliSpec): Record<string, unknown> {
  const source = (type: string, spec: Record<string, unknown>) => ({ metricSource: { type, spec } });
  if (sli.kind !== 'prometheus') {
    return {
      counter: false,
      good: source('Vigil', { ...sli, events: 'good' }),
      total: source('Vigil', { ...sli, events: 'total' }),
    };
  }
  const prom = (query: string) => source('Prometheus', { query });
  if (sli.errorRatio) return { counter: sli.counter, raw: prom(sli.errorRatio), rawType: 'failure' };
  return {
    counter: sli.counter,
    ...(sli.good ? { good: prom(sli.good) } : {}),
    ...(sli.bad ? { bad: prom(sli.bad) } : {}),
    total: prom(sli.total as string),
  };
}

/** A Vigil SLO as one OpenSLO v1 SLO document with its indicator inline. */
export function sloToOpenSlo(spec: SloSpec): Record<string, unknown> {
  const annotations: Record<string, string> = {
    [ANNOTATION.page]: String(spec.alerting.page),
    [ANNOTATION.ticket]: String(spec.alerting.ticket),
    [ANNOTATION.minEvents]: String(spec.alerting.minEvents),
    [ANNOTATION.postmortemShare]: String(spec.budgetPolicy.postmortemShare),
  };
  if (spec.owner) annotations[ANNOTATION.owner] = spec.owner;
  if (spec.reviewDate) annotations[ANNOTATION.reviewDate] = spec.reviewDate;
  if (spec.budgetPolicy.onExhausted) annotations[ANNOTATION.onExhausted] = spec.budgetPolicy.onExhausted;
  const w = spec.timeWindow;
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: {
      name: spec.name,
      ...(spec.displayName ? { displayName: spec.displayName } : {}),
      ...(Object.keys(spec.labels).length > 0 ? { labels: spec.labels } : {}),
      annotations,
    },
    spec: {
      ...(spec.description ? { description: spec.description } : {}),
      service: spec.service,
      indicator: {
        metadata: { name: `${spec.name}-sli` },
        spec: { ratioMetric: ratioMetricOf(spec.indicator) },
      },
      timeWindow: [
        w.rolling
          ? { duration: w.duration, isRolling: true }
          : {
              duration: w.duration,
              isRolling: false,
              calendar: { startTime: w.startTime, timeZone: w.timeZone },
            },
      ],
      budgetingMethod: spec.budgetingMethod,
      objectives: [
        {
          ...(spec.objective.displayName ? { displayName: spec.objective.displayName } : {}),
          target: spec.objective.target,
          ...(spec.objective.timeSliceTarget !== undefined
            ? { timeSliceTarget: spec.objective.timeSliceTarget }
            : {}),
          ...(spec.objective.timeSliceWindow !== undefined
            ? { timeSliceWindow: spec.objective.timeSliceWindow }
            : {}),
        },
      ],
    },
  };
}
