import { z } from 'zod';

/** Sloth's `prometheus/v1` spec (https://sloth.dev/specs/default/), mapped to Vigil's SLO input. */
export const slothSchema = z.object({
  version: z.literal('prometheus/v1'),
  service: z.string().min(1),
  labels: z.record(z.string(), z.string()).optional(),
  slos: z
    .array(
      z.object({
        name: z.string().min(1),
        objective: z.number().gt(0).lt(100),
        description: z.string().optional(),
        labels: z.record(z.string(), z.string()).optional(),
        sli: z
          .object({
            events: z.object({ error_query: z.string().min(1), total_query: z.string().min(1) }).optional(),
            raw: z.object({ error_ratio_query: z.string().min(1) }).optional(),
            plugin: z.unknown().optional(),
          })
          .refine(
            (s) => s.events !== undefined || s.raw !== undefined,
            'give sli.events or sli.raw (plugins are not supported)',
          ),
        alerting: z
          .object({
            name: z.string().optional(),
            page_alert: z.object({ disable: z.boolean().optional() }).passthrough().optional(),
            ticket_alert: z.object({ disable: z.boolean().optional() }).passthrough().optional(),
          })
          .passthrough()
          .optional(),
      }),
    )
    .min(1),
});

export type SlothSpec = z.infer<typeof slothSchema>;

/** One Vigil SLO input per Sloth SLO; the `owner` label becomes the owner, as Sloth's examples use it. */
export function slosFromSloth(doc: SlothSpec): Array<Record<string, unknown>> {
  return doc.slos.map((s) => {
    const labels = { ...(doc.labels ?? {}), ...(s.labels ?? {}) };
    const { owner, ...rest } = labels;
    return {
      name: s.name,
      description: s.description ?? '',
      service: doc.service,
      owner: owner ?? null,
      labels: rest,
      indicator: s.sli.events
        ? {
            kind: 'prometheus',
            bad: s.sli.events.error_query,
            total: s.sli.events.total_query,
            counter: false,
          }
        : { kind: 'prometheus', errorRatio: s.sli.raw?.error_ratio_query, counter: false },
      timeWindow: { rolling: true, duration: '30d' },
      budgetingMethod: 'Occurrences',
      objective: { target: Math.round(s.objective * 1e6) / 1e8 },
      alerting: { page: !s.alerting?.page_alert?.disable, ticket: !s.alerting?.ticket_alert?.disable },
    };
  });
}
