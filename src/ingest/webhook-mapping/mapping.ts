import { z } from 'zod';
import { ALERT_SEVERITIES, ALERT_STATUSES } from '../shared/external-alert.js';
import type { Parsed } from '../shared/result.js';
import { parseWith } from '../shared/zod-errors.js';
import { parsePath } from './path.js';

/**
 * A saved mapping from some system's webhook body to an external alert. Checked when saved, so a bad
 * path or a value map to an unknown status is refused then, not discovered at 3 a.m. on the first alert.
 */
const path = z.string().superRefine((p, ctx) => {
  const parsed = parsePath(p);
  if ('error' in parsed)
    ctx.addIssue({ code: 'custom', message: `is not a JSON pointer or dotted path: ${parsed.error}` });
});

/** One field of the alert: the first path that holds a value wins; then the value map; then the default. */
const rule = z
  .object({
    path: z.union([path, z.array(path).min(1)]).optional(),
    map: z.record(z.string(), z.string()).optional(),
    default: z.string().optional(),
  })
  .strict()
  .refine((r) => r.path !== undefined || r.default !== undefined, { message: 'needs a path or a default' });

export type FieldRule = z.infer<typeof rule>;

/** A rule whose results must be one of `allowed` once mapped: every map value and the default are checked. */
function constrained(allowed: readonly string[]) {
  return rule.superRefine((r, ctx) => {
    for (const [from, to] of Object.entries(r.map ?? {})) {
      if (!allowed.includes(to))
        ctx.addIssue({
          code: 'custom',
          path: ['map', from],
          message: `must be one of ${allowed.join(', ')}`,
        });
    }
    if (r.default !== undefined && !allowed.includes(r.default)) {
      ctx.addIssue({ code: 'custom', path: ['default'], message: `must be one of ${allowed.join(', ')}` });
    }
  });
}

const mapping = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'must be 1-63 lower-case letters, digits, - or _' }),
    /** A field holding JSON text to read the other paths in, e.g. `Message` of an SNS notification. */
    unwrap: path.optional(),
    title: rule,
    status: constrained(ALERT_STATUSES),
    /** page | ticket | log once mapped; usual words (critical, warning, info …) are understood too. */
    severity: constrained(ALERT_SEVERITIES).optional(),
    fingerprint: rule,
    description: rule.optional(),
    url: rule.optional(),
    startsAt: rule.optional(),
    /** Label name -> path of its value. */
    labels: z.record(z.string().min(1), path).optional(),
    /** Path of an object whose string, number and boolean values all become labels. */
    labelsFrom: path.optional(),
  })
  .strict();

export type WebhookMapping = z.infer<typeof mapping>;

/** Validate a mapping before it is saved. Never throws. */
export function parseWebhookMapping(input: unknown): Parsed<WebhookMapping> {
  return parseWith(mapping, input);
}
