import { z } from 'zod';
import { parseSloDuration } from '../../domain/slo/duration.js';

/**
 * OpenSLO v1 documents as far as Vigil reads them (https://github.com/OpenSLO/OpenSLO, v1).
 * Durations are OpenSLO's shorthand: `m` is minutes, `M` months.
 */
const duration = z
  .string()
  .refine(
    (s) => parseSloDuration(s) !== undefined,
    'a duration such as 30d, 1h, 5m (minutes) or 1M (months)',
  );

const labels = z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional();

export const metadataSchema = z.object({
  name: z.string().min(1),
  displayName: z.string().optional(),
  labels,
  annotations: z.record(z.string(), z.string()).optional(),
});

const metricSource = z.object({
  metricSourceRef: z.string().optional(),
  type: z.string().min(1),
  spec: z.record(z.string(), z.unknown()),
});

const metric = z.object({ metricSource });

export const sliSpecSchema = z
  .object({
    description: z.string().optional(),
    ratioMetric: z
      .object({
        counter: z.boolean().default(false),
        good: metric.optional(),
        bad: metric.optional(),
        total: metric.optional(),
        raw: metric.optional(),
        rawType: z.enum(['success', 'failure']).optional(),
      })
      .refine(
        (r) =>
          r.raw ? !r.good && !r.bad && !r.total : r.total && (r.good === undefined) !== (r.bad === undefined),
        'give total with good or bad, or raw',
      )
      .optional(),
    thresholdMetric: metric.optional(),
  })
  .refine(
    (s) => (s.ratioMetric === undefined) !== (s.thresholdMetric === undefined),
    'give ratioMetric or thresholdMetric',
  );

export const sliDocSchema = z.object({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('SLI'),
  metadata: metadataSchema,
  spec: sliSpecSchema,
});

const timeWindow = z.object({
  duration,
  isRolling: z.boolean().default(false),
  calendar: z.object({ startTime: z.string(), timeZone: z.string() }).optional(),
});

export const objectiveSchema = z.object({
  displayName: z.string().optional(),
  op: z.enum(['lte', 'gte', 'lt', 'gt']).optional(),
  value: z.number().optional(),
  target: z.number().gt(0).lt(1).optional(),
  targetPercent: z.number().gt(0).lt(100).optional(),
  timeSliceTarget: z.number().gt(0).lte(1).optional(),
  timeSliceWindow: duration.optional(),
});

export const sloDocSchema = z.object({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('SLO'),
  metadata: metadataSchema,
  spec: z
    .object({
      description: z.string().optional(),
      service: z.string().min(1),
      indicator: z.object({ metadata: metadataSchema, spec: sliSpecSchema }).optional(),
      indicatorRef: z.string().optional(),
      timeWindow: z.array(timeWindow).length(1, 'Vigil reads exactly one time window'),
      budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices']),
      objectives: z
        .array(
          objectiveSchema.refine(
            (o) => (o.target === undefined) !== (o.targetPercent === undefined),
            'give target or targetPercent',
          ),
        )
        .length(1, 'Vigil keeps one objective per SLO: split the others into SLOs of their own'),
      alertPolicies: z.array(z.unknown()).optional(),
    })
    .refine(
      (s) => (s.indicator === undefined) !== (s.indicatorRef === undefined),
      'give indicator or indicatorRef',
    ),
});

export type OpenSloDoc = z.infer<typeof sloDocSchema>;
export type OpenSliSpec = z.infer<typeof sliSpecSchema>;
