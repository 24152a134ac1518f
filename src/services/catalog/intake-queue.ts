import type { OpenLineageEvent } from '../../ingest/openlineage/index.js';
import type { ServiceContext } from '../context.js';
import { type IntakeRequest, ingestLineageRequests, type LineageIntake } from './ingest-lineage.js';

interface Pending {
  request: IntakeRequest;
  ctx: ServiceContext;
  resolve: (v: LineageIntake) => void;
  reject: (e: unknown) => void;
}

export interface IntakeQueue {
  submit(ctx: ServiceContext, events: OpenLineageEvent[]): Promise<LineageIntake>;
}

/**
 * Group commit for OpenLineage intake. Producers send one event per request, many at once; each
 * in its own transaction would pay the store's per-statement cost a dozen times per event. While
 * one write runs, requests that arrive wait and are then written together, in arrival order, in
 * one transaction. Nothing waits on a timer: a lone request is written at once.
 * A write that fails with several requests in it is retried one request at a time, so one bad
 * request fails alone.
 */
export function createIntakeQueue(opts: { maxEvents?: number } = {}): IntakeQueue {
  const maxEvents = opts.maxEvents ?? 1000;
  const pending: Pending[] = [];
  let running = false;

  async function write(group: Pending[]): Promise<void> {
    try {
      const results = await ingestLineageRequests({
        ctx: group[0]!.ctx,
        input: { requests: group.map((p) => p.request) },
      });
      for (const [i, p] of group.entries()) p.resolve(results[i]!);
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      for (const p of group) await write([p]);
    }
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (pending.length > 0) {
        const group: Pending[] = [];
        let events = 0;
        while (
          pending.length > 0 &&
          (group.length === 0 || events + pending[0]!.request.events.length <= maxEvents)
        ) {
          const next = pending.shift()!;
          events += next.request.events.length;
          group.push(next);
        }
        await write(group);
      }
    } finally {
      running = false;
    }
  }

  return {
    submit(ctx, events) {
      return new Promise<LineageIntake>((resolve, reject) => {
        pending.push({
          request: { events, actor: ctx.actor, requestId: ctx.requestId },
          ctx,
          resolve,
          reject,
        });
        if (!running) void drain();
      });
    },
  };
}
