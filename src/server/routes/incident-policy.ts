import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { INCIDENT_SEVERITIES } from '../../domain/incident.js';
import { loadIncidentPolicy, saveIncidentPolicy } from '../../services/incidents/incident-policy-settings.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const cadence = z.object({
  tactical: z.number().int().min(1).max(10_080).nullable(),
  executive: z.number().int().min(1).max(10_080).nullable(),
});
const policy = z
  .object({
    correlationWindowMinutes: z.number().int().min(0).max(1_440),
    correlationMaxHops: z.number().int().min(1).max(50),
    promoteAfterMinutes: z.number().int().min(1).max(10_080).nullable(),
    reportCadenceMinutes: z.record(z.enum(INCIDENT_SEVERITIES), cadence),
    resolveWhenAlertsClear: z.boolean(),
  })
  .meta({ id: 'IncidentPolicy' });

/**
 * The incident policy's knobs: correlation window and depth, promotion delay, report cadences,
 * and whether an incident whose alerts all resolved resolves itself.
 */
export function incidentPolicyRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/incident-policy', {
    config: { role: 'viewer' },
    schema: {
      tags: ['incidents'],
      summary: 'Correlation window, promotion delay and report cadences in force',
      response: { 200: policy, ...commonErrors },
    },
    handler: async () => loadIncidentPolicy(deps.store.db),
  });
  r.put('/api/v1/incident-policy', {
    config: { role: 'admin' },
    schema: {
      tags: ['incidents'],
      summary: 'Change the incident policy; parts left out keep their value (minutes; null turns off)',
      body: policy
        .partial()
        .extend({ reportCadenceMinutes: z.partialRecord(z.enum(INCIDENT_SEVERITIES), cadence).optional() }),
      response: { 200: policy, ...commonErrors },
    },
    handler: async (request) => saveIncidentPolicy({ ctx: contextFor(deps, request), input: request.body }),
  });
}
