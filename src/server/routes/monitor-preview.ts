import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { monitorPreviewInputSchema, previewMonitor } from '../../services/preview-monitor.js';
import { contextFor, type ServerDeps } from '../deps.js';
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
  typed(app).post('/api/v1/monitors/preview', {
    config: { role: 'responder' },
    schema: {
      tags: ['monitors'],
      summary: 'Run a monitor spec once against its source, storing nothing',
      description:
        "Answers the value, the expected band and pass/fail as a scheduled run would; writes no check, metric, state or alert. With `monitor`, that saved monitor's learned history judges the value.",
      body: monitorPreviewInputSchema,
      response: { 200: monitorPreviewSchema, ...commonErrors },
    },
    handler: async (request) => {
      if (!deps.runner) throw new AppError('INTERNAL', 'this server has no monitor runner');
      return previewMonitor({
        ctx: contextFor(deps, request),
        input: { spec: request.body, deps: deps.runner },
      });
    },
  });
}
