import { producerEnd, producerStart } from '../../domain/problem-start.js';
import type { ExternalAlert } from '../../ingest/shared/index.js';
import { mutate, type ServiceContext } from '../context.js';
import { loadRouting } from './routing-config.js';
import { upsertAlert } from './upsert-alert.js';

/**
 * Alerts from other systems (Prometheus via Alertmanager, Grafana, Datadog…) join Vigil's own:
 * one alert per external fingerprint, resolved when the sender says so. One transaction for the
 * whole payload: all of it is taken, or none.
 */
export async function ingestExternalAlerts({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { alerts: ExternalAlert[] };
}) {
  return mutate(ctx, async (trx) => {
    const routing = await loadRouting(trx);
    const at = ctx.clock.now();
    const changes: Array<{ fingerprint: string; change: string }> = [];
    for (const a of input.alerts) {
      const { change } = await upsertAlert(
        trx,
        routing,
        {
          fingerprint: `${a.source}:${a.fingerprint}`,
          origin: 'external',
          status: a.status === 'resolved' ? 'resolved' : 'firing',
          severity: a.severity,
          title: a.title,
          summary: a.description ?? a.annotations.summary ?? a.title,
          labels: {
            ...a.labels,
            severity: a.severity,
            kind: a.labels.kind ?? 'external',
            integration: a.source,
          },
          annotations: {
            ...a.annotations,
            title: a.title,
            ...(a.url ? { source_url: a.url } : {}),
            ...(a.groupKey ? { group_key: `${a.source}:${a.groupKey}` } : {}),
          },
          at,
          // The sender knows when the problem began and ended; Vigil only when it was told.
          startedAt: producerStart(a.startsAt, at),
          endedAt: a.status === 'resolved' ? producerEnd(a.endsAt, null, at) : null,
        },
        ctx.actor.name,
      );
      changes.push({ fingerprint: a.fingerprint, change });
    }
    return {
      result: changes,
      audit: {
        action: 'alert.ingest',
        targetType: 'integration',
        targetId: input.alerts[0]?.source ?? 'external',
        summary: `took ${input.alerts.length} external alert(s)`,
      },
    };
  });
}
