import { z } from 'zod';
import { INCIDENT_SEVERITIES } from '../../domain/incident.js';
import { isValidTimeZone } from '../../domain/routing/time-zone.js';
import { fixedMs, parseSloDuration } from '../../domain/slo/duration.js';
import { BUDGETING_METHODS, DEFAULT_ALERTING, DEFAULT_BUDGET_POLICY } from '../../domain/slo/model.js';
import { parseStartTime } from '../../domain/slo/period.js';

/**
 * The SLO as the API, vigil.yaml and the importers give it (the domain's SloSpec), validated
 * once here. Defaults fill what OpenSLO leaves out.
 */
const fixedDuration = z
  .string()
  .refine((s) => fixedMs(s) !== undefined, 'a duration such as 5m, 1h or 2d (m is minutes)');

export const sloNameSchema = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and dashes (a DNS label)');

const severities = z
  .array(z.enum(INCIDENT_SEVERITIES))
  .min(1)
  .default([...INCIDENT_SEVERITIES]);

export const sliSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('freshness'), monitor: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('monitor_pass_rate'), monitors: z.array(z.string().min(1)).min(1) }).strict(),
  z.object({ kind: z.literal('pipeline_success'), job: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('pipeline_deadline'), job: z.string().min(1), within: fixedDuration }).strict(),
  z
    .object({
      kind: z.literal('completeness'),
      monitor: z.string().min(1),
      expectedRows: z.number().int().positive().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('incident_acknowledged'), within: fixedDuration, severities }).strict(),
  z.object({ kind: z.literal('incident_resolved'), within: fixedDuration, severities }).strict(),
  z
    .object({
      kind: z.literal('prometheus'),
      good: z.string().min(1).optional(),
      bad: z.string().min(1).optional(),
      total: z.string().min(1).optional(),
      errorRatio: z.string().min(1).optional(),
      counter: z.boolean().default(false),
    })
    .strict()
    .refine(
      (s) =>
        s.errorRatio !== undefined
          ? s.good === undefined && s.bad === undefined && s.total === undefined
          : s.total !== undefined && (s.good === undefined) !== (s.bad === undefined),
      'give errorRatio alone, or total with good or bad (not both)',
    ),
]);

export const timeWindowSchema = z.union([
  z.object({ rolling: z.literal(true), duration: fixedDuration }).strict(),
  z
    .object({
      rolling: z.literal(false),
      duration: z
        .string()
        .refine((s) => parseSloDuration(s) !== undefined, 'a duration such as 1M, 1w or 1Q'),
      startTime: z.string().refine((s) => parseStartTime(s) !== undefined, 'YYYY-MM-DD HH:MM:SS'),
      timeZone: z.string().refine(isValidTimeZone, 'an IANA time zone such as Europe/Paris'),
    })
    .strict(),
]);

const ratio = z.number().gt(0).lt(1);

/** The fields of an SLO; the input adds the cross-field checks, the API view its identity. */
export const sloFieldsSchema = z
  .object({
    name: sloNameSchema,
    displayName: z.string().max(200).optional(),
    description: z.string().max(2000).default(''),
    service: z.string().min(1).max(200),
    owner: z.string().min(1).max(200).nullable().default(null),
    labels: z.record(z.string(), z.string()).default({}),
    indicator: sliSchema,
    timeWindow: timeWindowSchema.default({ rolling: true, duration: '30d' }),
    budgetingMethod: z.enum(BUDGETING_METHODS).default('Occurrences'),
    objective: z
      .object({
        displayName: z.string().max(200).optional(),
        target: ratio,
        timeSliceTarget: z.number().gt(0).lte(1).optional(),
        timeSliceWindow: fixedDuration.optional(),
      })
      .strict(),
    alerting: z
      .object({
        page: z.boolean().default(DEFAULT_ALERTING.page),
        ticket: z.boolean().default(DEFAULT_ALERTING.ticket),
        minEvents: z.number().int().min(0).default(DEFAULT_ALERTING.minEvents),
      })
      .strict()
      .default(DEFAULT_ALERTING),
    budgetPolicy: z
      .object({
        onExhausted: z.string().max(2000).default(DEFAULT_BUDGET_POLICY.onExhausted),
        postmortemShare: z.number().gt(0).lte(1).default(DEFAULT_BUDGET_POLICY.postmortemShare),
      })
      .strict()
      .default(DEFAULT_BUDGET_POLICY),
    reviewDate: z.iso.date().nullable().default(null),
  })
  .strict();

export const sloInputSchema = sloFieldsSchema.superRefine((s, ctx) => {
  if (s.budgetingMethod === 'Occurrences') return;
  if (!s.objective.timeSliceWindow)
    ctx.addIssue({
      code: 'custom',
      path: ['objective', 'timeSliceWindow'],
      message: `${s.budgetingMethod} needs a timeSliceWindow`,
    });
  if (s.budgetingMethod === 'Timeslices' && s.objective.timeSliceTarget === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['objective', 'timeSliceTarget'],
      message: 'Timeslices needs a timeSliceTarget',
    });
});

export type SloInput = z.input<typeof sloInputSchema>;
