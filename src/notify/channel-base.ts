import { z } from 'zod';
import { describeTemplateProblems, validateTemplate } from './template.js';

/**
 * Fields every channel config shares. `secret()` marks a write-only field in the schema (it shows
 * as `writeOnly` in the API's JSON Schema); each channel also lists its secret paths explicitly.
 */
export function secret<T extends z.ZodType>(schema: T): T {
  return schema.meta({ writeOnly: true, description: 'Secret: stored encrypted, never returned' });
}

/** A template string, refused when saved if it names an unknown variable. */
export const templateString = z
  .string()
  .max(4000)
  .superRefine((source, ctx) => {
    const check = validateTemplate(source);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: describeTemplateProblems(check.problems) });
  });

export const templatesSchema = z
  .object({
    /** The headline: Slack header, Teams title, email subject, PagerDuty summary. */
    title: templateString.optional(),
    /** The body paragraph above the facts. */
    text: templateString.optional(),
  })
  .strict();
export type ChannelTemplates = z.infer<typeof templatesSchema>;

export const channelBaseFields = {
  /** A person's name for the channel, e.g. "#data-alerts". */
  name: z.string().min(1).max(100).optional(),
  templates: templatesSchema.optional(),
  /** Messages a minute the dispatcher sends here at most (a token bucket); excess waits its turn. */
  rateLimit: z
    .object({
      perMinute: z.number().int().min(1).max(100_000),
      burst: z.number().int().min(1).max(100_000).optional(),
    })
    .strict()
    .optional(),
  /** Per-request timeout; defaults to the dispatcher's (10 s). */
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
};

/** An http(s) URL; whether its address may be reached is the SSRF guard's call, at save and send. */
export const httpUrl = z
  .string()
  .max(3000)
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an http:// or https:// URL');
