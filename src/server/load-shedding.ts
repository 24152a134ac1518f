import { totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import fastifyUnderPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, RateLimitedError } from '../domain/errors.js';

/** How a route behaves under load, set in its `config`. */
export interface RouteLoad {
  /**
   * Intake producers may flood: at most `intake[kind]` such requests are in flight at once, and
   * the next is answered 429 at once rather than queued. `events` for pings, webhooks and lineage
   * events; `bulk` for large uploads (dbt artifacts).
   */
  intake?: 'events' | 'bulk';
  /** Answers even when the process is overloaded: liveness must not fail because of load. */
  answersUnderLoad?: boolean;
}

/** The event-loop histogram's tick: each recorded delay includes it. */
const LOOP_RESOLUTION_MS = 10;
/** Slow samples in a row that make the loop overloaded. */
const SUSTAINED_SAMPLES = 3;

declare module 'fastify' {
  interface FastifyContextConfig extends RouteLoad {}
}

export interface LoadLimits {
  /**
   * Median event-loop delay per sample, past which (three samples in a row) requests are shed
   * (503). A loop saturated for seconds delays most ticks; one long stall is one slow sample.
   */
  maxEventLoopDelayMs: number;
  /** V8 heap in use, past which requests are shed. */
  maxHeapUsedBytes: number;
  /** Resident memory of the process, past which requests are shed. */
  maxRssBytes: number;
  sampleIntervalMs: number;
  /** Retry-After of a shed request. */
  overloadRetryAfterSeconds: number;
  /** Intake requests in flight at once, per kind. */
  intake: Record<NonNullable<RouteLoad['intake']>, number>;
  /** Retry-After of an intake request past the bound. */
  intakeRetryAfterSeconds: number;
}

/**
 * The limits in production: 90 % of V8's heap limit (past it Node dies of "heap out of memory"),
 * 90 % of the memory the process may use (its cgroup limit, else the machine's), a median
 * event-loop delay of one second in three one-second samples in a row (no request could be
 * answered in less), 64 intake requests and 2 bulk uploads in flight.
 */
export function defaultLoadLimits(): LoadLimits {
  const constrained = process.constrainedMemory?.() ?? 0;
  const memory = constrained > 0 && constrained < totalmem() ? constrained : totalmem();
  return {
    maxEventLoopDelayMs: 1_000,
    maxHeapUsedBytes: Math.floor(getHeapStatistics().heap_size_limit * 0.9),
    maxRssBytes: Math.floor(memory * 0.9),
    sampleIntervalMs: 1_000,
    overloadRetryAfterSeconds: 10,
    intake: { events: 64, bulk: 2 },
    intakeRetryAfterSeconds: 1,
  };
}

/**
 * Load shedding, registered before the auth hook so a shed request costs no store query:
 * @fastify/under-pressure answers 503 OVERLOADED while the process is short of memory or
 * event-loop time, and a counter bounds the intake routes' requests in flight (429 past it).
 */
export async function installLoadShedding(
  app: FastifyInstance,
  given: Partial<LoadLimits> = {},
): Promise<void> {
  const limits = { ...defaultLoadLimits(), ...given };
  let warnedAt = 0;
  // under-pressure judges the loop by one sample's mean delay, so a single synchronous stretch
  // (the embedded store migrating at start) would shed the next second of requests. The loop is
  // judged here instead and reported to it as a health check: overloaded only when the median
  // delay is past the limit in SUSTAINED_SAMPLES samples in a row. A stall, however long, is one
  // sample (no timer fires during it); a saturated loop fails every sample.
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  app.addHook('onClose', async () => loop.disable());
  let slowSamples = 0;
  const loopKeepsUp = async () => {
    // No tick in a whole sample: the loop never got round to the histogram's timer.
    const medianMs = loop.count > 0 ? loop.percentile(50) / 1e6 - LOOP_RESOLUTION_MS : Infinity;
    loop.reset();
    slowSamples = medianMs > limits.maxEventLoopDelayMs ? slowSamples + 1 : 0;
    return slowSamples < SUSTAINED_SAMPLES;
  };
  await app.register(fastifyUnderPressure, {
    healthCheck: loopKeepsUp,
    healthCheckInterval: limits.sampleIntervalMs,
    maxHeapUsedBytes: limits.maxHeapUsedBytes,
    maxRssBytes: limits.maxRssBytes,
    sampleInterval: limits.sampleIntervalMs,
    pressureHandler: async (request, reply, type, value) => {
      if (request.routeOptions.config?.answersUnderLoad) return;
      // One line per half minute at most: a log line per shed request would add to the load.
      const now = Date.now();
      if (now - warnedAt > 30_000) {
        warnedAt = now;
        request.log.warn({ type, value }, 'shedding requests: the process is overloaded');
      }
      reply.header('retry-after', String(limits.overloadRetryAfterSeconds));
      throw new AppError('OVERLOADED', 'the server is overloaded; retry later');
    },
  });

  const inFlight = { events: 0, bulk: 0 };
  const holding = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', async (request) => {
    const kind = request.routeOptions.config?.intake;
    if (!kind) return;
    if (inFlight[kind] >= limits.intake[kind]) {
      throw new RateLimitedError(
        'too many intake requests at once; retry shortly',
        limits.intakeRetryAfterSeconds,
      );
    }
    inFlight[kind] += 1;
    holding.add(request);
  });
  const release = async (request: FastifyRequest) => {
    const kind = request.routeOptions.config?.intake;
    if (kind && holding.delete(request)) inFlight[kind] -= 1;
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}
