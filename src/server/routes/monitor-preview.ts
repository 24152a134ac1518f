import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { monitorPreviewInputSchema, previewMonitor } from '../../services/preview-monitor.js';
import { PreviewBusyError, PreviewSlots } from '../../services/preview-slots.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { errorBody } from '../errors.js';
import { commonErrors, typed } from '../route-schema.js';
import { checkResultSchema } from './checks.js';

const monitorPreviewSchema = checkResultSchema
  .omit({ id: true, monitorId: true })
  .extend({
    usedHistory: z
      .boolean()
      .describe("True when a saved monitor's learned history judged the value; a new spec has none yet"),
  })
  .meta({ id: 'MonitorPreview' });

/** A dry run: the create and edit forms show the value and the band before anything is saved. */
export function monitorPreviewRoutes(app: FastifyInstance, deps: ServerDeps): void {
  // One count per server: previews run a person's SQL while they wait, so they are bounded.
  const slots = new PreviewSlots();
  typed(app).post('/api/v1/monitors/preview', {
    config: { role: 'responder' },
    schema: {
      tags: ['monitors'],
      summary: 'Run a monitor spec once against its source, storing nothing',
      description: `Answers the value, the expected band and pass/fail as a scheduled run would; writes no check, metric, state or alert. With \`monitor\`, that saved monitor's learned history judges the value. At most ${slots.limits.perUser} previews run at once per person, ${slots.limits.perSource} per source and ${slots.limits.total} in all; beyond that the answer is 429 RATE_LIMITED with Retry-After.`,
      body: monitorPreviewInputSchema,
      response: { 200: monitorPreviewSchema, ...commonErrors, 429: errorBody },
    },
    handler: async (request, reply) => {
      if (!deps.runner) throw new AppError('INTERNAL', 'this server has no monitor runner');
      try {
        return await previewMonitor({
          ctx: contextFor(deps, request),
          input: { spec: request.body, deps: deps.runner, slots },
        });
      } catch (error) {
        if (error instanceof PreviewBusyError) reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
    },
  });
}
