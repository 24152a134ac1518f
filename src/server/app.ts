import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { installAuth } from './auth.js';
import type { ServerDeps } from './deps.js';
import { answerFrameworkError, installErrorHandler } from './errors.js';
import { installLoadShedding } from './load-shedding.js';
import { redactingLogger } from './log-redaction.js';
import { accessAwareTransform } from './openapi-access.js';
import { installSecurityHeaders } from './security-headers.js';
import { alertRoutes } from './routes/alerts.js';
import { sloRoutes } from './routes/slos.js';
import { metricsRoutes } from './routes/metrics.js';
import { alertLinkRoutes } from './routes/alert-links.js';
import { maintenanceRoutes } from './routes/maintenance.js';
import { onCallRoutes } from './routes/oncall.js';
import { auditRoutes } from './routes/audit.js';
import { backtestRoutes } from './routes/backtest.js';
import { channelRoutes } from './routes/channels.js';
import { heartbeatRoutes } from './routes/heartbeats.js';
import { incidentRoutes } from './routes/incidents.js';
import { actionItemRoutes } from './routes/action-items.js';
import { postmortemRoutes } from './routes/postmortems.js';
import { reportRoutes } from './routes/reports.js';
import { incidentResponseRoutes } from './routes/incident-response.js';
import { statusPageRoutes } from './routes/status-page.js';
import { integrationRoutes } from './routes/integrations.js';
import { catalogRoutes } from './routes/catalog.js';
import { lineageRoutes } from './routes/lineage.js';
import { assetHistoryRoutes } from './routes/asset-history.js';
import { pipelineRoutes } from './routes/pipelines.js';
import { usageRoutes } from './routes/usage.js';
import { routingRoutes } from './routes/routing.js';
import { inboxRoutes } from './routes/inbox.js';
import { silenceRoutes } from './routes/silences.js';
import { checkRoutes } from './routes/checks.js';
import { monitorRoutes } from './routes/monitors.js';
import { healthRoutes } from './routes/health.js';
import { openApiRoutes } from './routes/openapi.js';
import { sourceRoutes } from './routes/sources.js';
import { tokenRoutes } from './routes/tokens.js';
import { trashRoutes } from './routes/trash.js';
import { userRoutes } from './routes/users.js';
import { pagerDutyWebhookRoutes } from './routes/pagerduty-webhook.js';
import { serveWebUi } from './web-ui.js';

/** Builds the HTTP app without listening, so tests drive it with inject(). */
export async function build(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is Fastify's logger; the cast only narrows its generic parameters.
    loggerInstance: redactingLogger(deps.log) as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 5 * 1024 * 1024,
    // Asset names carry their namespace (postgres://host:5432/db.schema.table): 100 was too short.
    maxParamLength: 1_000,
    frameworkErrors: answerFrameworkError,
    // Each request is one debug line (below), not two info lines: at info the log tells what
    // Vigil did (checks, alerts, incidents), not every page load.
    disableRequestLogging: true,
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime },
      'request completed',
    );
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandler(app);
  await installSecurityHeaders(app);
  await installLoadShedding(app, deps.load);
  installAuth(app, deps.store, deps.clock);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vigil API',
        version: deps.version,
        description: 'Data reliability: detect, notify, resolve, learn.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: accessAwareTransform,
    transformObject: jsonSchemaTransformObject,
  });

  healthRoutes(app, deps);
  metricsRoutes(app, deps);
  openApiRoutes(app);
  tokenRoutes(app, deps);
  auditRoutes(app, deps);
  checkRoutes(app, deps);
  sourceRoutes(app, deps);
  monitorRoutes(app, deps);
  backtestRoutes(app, deps);
  alertRoutes(app, deps);
  sloRoutes(app, deps);
  alertLinkRoutes(app, deps);
  maintenanceRoutes(app, deps);
  onCallRoutes(app, deps);
  channelRoutes(app, deps);
  silenceRoutes(app, deps);
  routingRoutes(app, deps);
  inboxRoutes(app, deps);
  integrationRoutes(app, deps);
  heartbeatRoutes(app, deps);
  incidentRoutes(app, deps);
  postmortemRoutes(app, deps);
  actionItemRoutes(app, deps);
  reportRoutes(app, deps);
  incidentResponseRoutes(app, deps);
  statusPageRoutes(app, deps);
  catalogRoutes(app, deps);
  lineageRoutes(app, deps);
  assetHistoryRoutes(app, deps);
  pipelineRoutes(app, deps);
  usageRoutes(app, deps);
  trashRoutes(app, deps);
  userRoutes(app, deps);
  pagerDutyWebhookRoutes(app, deps);

  await serveWebUi(app, deps.webRoot);
  await app.ready();
  return app;
}
