import { z } from 'zod';

/**
 * `config.backfill` on volume and column-health monitors: on create, the past `days` are read in
 * one grouped query by `timestampColumn`, bucketed per hour or day, and replayed through the
 * monitor's detectors, so the baseline is trained on day one instead of after weeks of runs.
 */
export const backfillSchema = z
  .object({
    timestampColumn: z.string().min(1),
    days: z.number().int().min(1).max(366).default(28),
    bucket: z.enum(['hour', 'day']).default('hour'),
  })
  .strict();

export type BackfillConfig = z.infer<typeof backfillSchema>;
