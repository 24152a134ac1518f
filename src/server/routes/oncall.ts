import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  deleteEscalationPolicy,
  saveEscalationPolicy,
  toPolicyView,
} from '../../services/alerts/escalation-policies.js';
import { deleteSchedule, saveSchedule, toScheduleView } from '../../services/alerts/oncall-schedules.js';
import { contextFor, type ServerDeps } from '../deps.js';
import { commonErrors, typed } from '../route-schema.js';

const rotation = z
  .object({
    name: z.string().min(1).max(100),
    participants: z.array(z.string().min(1).max(100)).min(1).max(100),
    start: z.string().describe('Local date of the first hand-off, 2026-01-05'),
    handoffTime: z.string().describe('Local hand-off time, 09:00'),
    length: z.string().describe('1d, 1w, 12h …'),
  })
  .strict();
const override = z
  .object({
    person: z.string().min(1).max(100),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    rotation: z.string().nullable().optional(),
  })
  .strict();
const scheduleBody = z
  .object({
    timeZone: z.string().min(1),
    rotations: z.array(rotation).min(1).max(20),
    overrides: z.array(override).max(500).default([]),
    contacts: z.record(z.string(), z.string()).describe('Person -> channel name that reaches them'),
  })
  .strict();
const scheduleView = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    rotations: z.array(rotation),
    overrides: z.array(override),
    contacts: z.record(z.string(), z.string()),
    onCallNow: z.array(
      z.object({
        rotation: z.string(),
        person: z.string(),
        from: z.string(),
        until: z.string(),
        override: z.boolean(),
      }),
    ),
    updatedAt: z.string(),
  })
  .meta({ id: 'OnCallSchedule' });

const level = z
  .object({
    targets: z
      .array(z.string().min(1))
      .min(1)
      .describe('Channel names, or schedule:NAME for whoever is on call'),
    delayMinutes: z.number().int().min(1).max(1440),
  })
  .strict();
const policyBody = z
  .object({
    matchers: z.array(z.string().min(1)).default([]).describe('Which pages it covers; none = every page'),
    levels: z.array(level).min(1).max(10),
    repeat: z.number().int().min(0).max(20).default(0),
  })
  .strict();
const policyView = z
  .object({
    id: z.string(),
    name: z.string(),
    matchers: z.array(z.string()),
    levels: z.array(level),
    repeat: z.number(),
    updatedAt: z.string(),
  })
  .meta({ id: 'EscalationPolicy' });

const nameParams = z.object({ name: z.string().min(1).max(100) });

export function onCallRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const r = typed(app);
  r.get('/api/v1/schedules', {
    schema: {
      tags: ['on-call'],
      summary: 'On-call schedules, with who is on call now',
      response: { 200: z.object({ items: z.array(scheduleView) }), ...commonErrors },
    },
    handler: async () => {
      const now = deps.clock.now();
      const rows = await deps.store.db.selectFrom('oncall_schedules').selectAll().orderBy('name').execute();
      return { items: rows.map((row) => toScheduleView(row, now)) };
    },
  });
  r.put('/api/v1/schedules/:name', {
    schema: {
      tags: ['on-call'],
      summary: 'Create or replace a schedule (rotations with hand-off time and zone; overrides)',
      params: nameParams,
      body: scheduleBody,
      response: { 200: scheduleView, ...commonErrors },
    },
    handler: async (request) =>
      saveSchedule({ ctx: contextFor(deps, request), input: { ...request.body, name: request.params.name } }),
  });
  r.delete('/api/v1/schedules/:name', {
    schema: {
      tags: ['on-call'],
      summary: 'Delete a schedule',
      params: nameParams,
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (request, reply) => {
      await deleteSchedule({ ctx: contextFor(deps, request), input: request.params });
      return reply.status(204).send(null);
    },
  });
  r.get('/api/v1/escalation-policies', {
    schema: {
      tags: ['on-call'],
      summary: 'Escalation policies',
      response: { 200: z.object({ items: z.array(policyView) }), ...commonErrors },
    },
    handler: async () => ({
      items: (
        await deps.store.db.selectFrom('escalation_policies').selectAll().orderBy('name').execute()
      ).map(toPolicyView),
    }),
  });
  r.put('/api/v1/escalation-policies/:name', {
    schema: {
      tags: ['on-call'],
      summary: 'Create or replace an escalation policy: level 1, then level 2 if not acknowledged in time …',
      params: nameParams,
      body: policyBody,
      response: { 200: policyView, ...commonErrors },
    },
    handler: async (request) =>
      saveEscalationPolicy({
        ctx: contextFor(deps, request),
        input: { ...request.body, name: request.params.name },
      }),
  });
  r.delete('/api/v1/escalation-policies/:name', {
    schema: {
      tags: ['on-call'],
      summary: 'Delete an escalation policy',
      params: nameParams,
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (request, reply) => {
      await deleteEscalationPolicy({ ctx: contextFor(deps, request), input: request.params });
      return reply.status(204).send(null);
    },
  });
}
