import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { REPORT_DIMENSIONS, toCsv } from '../../domain/reliability-report.js';
import {
  type Report,
  reportDataDowntime,
  reportIncidentsByType,
  reportResponseTimes,
} from '../../services/reports/reliability-reports.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const DAY = 86_400_000;
const isoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const period = {
  from: isoTime.optional().describe('Start (inclusive) of the period; default 30 days before `to`'),
  to: isoTime.optional().describe('End (exclusive); default now'),
  format: z.enum(['json', 'csv']).default('json'),
};

function resolvePeriod(q: { from?: Date | undefined; to?: Date | undefined }, now: Date) {
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - 30 * DAY);
  if (from >= to)
    throw new AppError('VALIDATION_FAILED', 'from must be before to', [
      { path: 'query.from', message: 'must be before to' },
    ]);
  return { from, to };
}

const frame = <T extends z.ZodType>(row: T, id: string) =>
  z
    .object({
      from: z.string(),
      to: z.string(),
      incidents: z.number().describe('Incidents that started in the period'),
      rows: z.array(row),
    })
    .meta({ id });

const responseRow = z.object({
  group: z.string(),
  incidents: z.number(),
  mttdSeconds: z.number().nullable(),
  mttaSeconds: z.number().nullable(),
  mttrSeconds: z.number().nullable(),
  acknowledged: z.number(),
  resolved: z.number(),
});
const downtimeRow = z.object({
  asset: z.string(),
  incidents: z.number(),
  openIncidents: z.number(),
  detectionSeconds: z.number(),
  resolutionSeconds: z.number(),
  downtimeSeconds: z.number(),
});
const typeRow = z.object({ type: z.string(), incidents: z.number() });

/** JSON, or CSV (rows only, one header line) when format=csv. */
function answer<T extends object>(
  reply: FastifyReply,
  format: 'json' | 'csv',
  name: string,
  columns: ReadonlyArray<keyof T & string>,
  report: Report<T>,
) {
  if (format === 'json') return reply.send(report);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(columns, report.rows));
}

export function reportRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/reports/response-times', {
    config: { role: 'viewer' },
    schema: {
      tags: ['reports'],
      summary: 'MTTD, MTTA and MTTR (seconds) by severity, team (asset owner) or asset',
      querystring: z.object({ ...period, by: z.enum(REPORT_DIMENSIONS).default('severity') }),
      response: { 200: frame(responseRow, 'ResponseTimesReport'), ...commonErrors },
    },
    handler: async (request, reply) => {
      const q = request.query;
      const report = await reportResponseTimes({
        ctx: contextFor(deps, request),
        input: { ...resolvePeriod(q, deps.clock.now()), by: q.by },
      });
      return answer(
        reply,
        q.format,
        `response-times-by-${q.by}`,
        ['group', 'incidents', 'mttdSeconds', 'mttaSeconds', 'mttrSeconds', 'acknowledged', 'resolved'],
        report,
      );
    },
  });
  r.get('/api/v1/reports/data-downtime', {
    config: { role: 'viewer' },
    schema: {
      tags: ['reports'],
      summary: 'Data downtime per asset: time to detect plus time to resolve, summed over its incidents',
      querystring: z.object(period),
      response: { 200: frame(downtimeRow, 'DataDowntimeReport'), ...commonErrors },
    },
    handler: async (request, reply) => {
      const report = await reportDataDowntime({
        ctx: contextFor(deps, request),
        input: resolvePeriod(request.query, deps.clock.now()),
      });
      return answer(
        reply,
        request.query.format,
        'data-downtime',
        ['asset', 'incidents', 'openIncidents', 'detectionSeconds', 'resolutionSeconds', 'downtimeSeconds'],
        report,
      );
    },
  });
  r.get('/api/v1/reports/incidents-by-type', {
    config: { role: 'viewer' },
    schema: {
      tags: ['reports'],
      summary: 'How many incidents of each type started in the period',
      querystring: z.object(period),
      response: { 200: frame(typeRow, 'IncidentsByTypeReport'), ...commonErrors },
    },
    handler: async (request, reply) => {
      const report = await reportIncidentsByType({
        ctx: contextFor(deps, request),
        input: resolvePeriod(request.query, deps.clock.now()),
      });
      return answer(reply, request.query.format, 'incidents-by-type', ['type', 'incidents'], report);
    },
  });
}
