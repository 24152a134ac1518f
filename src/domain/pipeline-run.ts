/**
 * The life of one pipeline run, as OpenLineage reports it: START -> RUNNING -> COMPLETE | FAIL | ABORT.
 *
 * Events reach Vigil out of order (several producers, retries, load balancers), so the state machine
 * orders by each event's own eventTime, never by arrival: a RUNNING that arrives after COMPLETE but
 * happened before it is history, not a resurrection. What cannot have happened is rejected with a
 * reason: a run that ends twice in different ways, restarts after it ended, or ends before it started.
 */

export const RUN_EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'FAIL', 'ABORT', 'OTHER'] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

export const RUN_STATUSES = ['pending', 'started', 'running', 'completed', 'failed', 'aborted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type TerminalRunStatus = 'completed' | 'failed' | 'aborted';

export interface PipelineRunState {
  status: RunStatus;
  /** eventTime of START; until START arrives, of the earliest RUNNING seen. */
  startedAt: string | null;
  /** True once START itself was seen (startedAt is then final). */
  startSeen: boolean;
  /** eventTime of the terminal event. */
  endedAt: string | null;
  /** The latest eventTime of any event applied. */
  lastEventAt: string | null;
  /** The latest eventTime of START or RUNNING: an end before it cannot have happened. */
  lastActiveAt: string | null;
}

export interface RunEventInput {
  type: RunEventType;
  /** ISO 8601 with offset, as in OpenLineage eventTime. */
  time: string;
}

export type RunTransition =
  | { ok: true; state: PipelineRunState; changed: boolean }
  | { ok: false; code: 'impossible_transition' | 'invalid_time'; message: string };

/** A run Vigil has heard nothing (or only OTHER events) about yet. */
export const NEW_RUN: PipelineRunState = {
  status: 'pending',
  startedAt: null,
  startSeen: false,
  endedAt: null,
  lastEventAt: null,
  lastActiveAt: null,
};

const TERMINAL: Partial<Record<RunEventType, TerminalRunStatus>> = {
  COMPLETE: 'completed',
  FAIL: 'failed',
  ABORT: 'aborted',
};

export function isTerminal(status: RunStatus): status is TerminalRunStatus {
  return status === 'completed' || status === 'failed' || status === 'aborted';
}

const ms = (iso: string): number => Date.parse(iso);
const later = (a: string | null, b: string): string => (a === null || ms(b) > ms(a) ? b : a);
const earlier = (a: string | null, b: string): string => (a === null || ms(b) < ms(a) ? b : a);

function same(a: PipelineRunState, b: PipelineRunState): boolean {
  return (
    a.status === b.status &&
    a.startedAt === b.startedAt &&
    a.startSeen === b.startSeen &&
    a.endedAt === b.endedAt &&
    a.lastEventAt === b.lastEventAt &&
    a.lastActiveAt === b.lastActiveAt
  );
}

const reject = (message: string): RunTransition => ({ ok: false, code: 'impossible_transition', message });

/** The state after one event, or why the event cannot belong to this run. Pure: no clock reads. */
export function nextRunState(current: PipelineRunState, event: RunEventInput): RunTransition {
  const t = ms(event.time);
  if (!Number.isFinite(t)) {
    return {
      ok: false,
      code: 'invalid_time',
      message: `eventTime ${JSON.stringify(event.time)} is not a date`,
    };
  }
  const next: PipelineRunState = { ...current, lastEventAt: later(current.lastEventAt, event.time) };
  const ended = current.endedAt === null ? null : ms(current.endedAt);
  const terminal = TERMINAL[event.type];

  if (event.type === 'OTHER') {
    // Extra metadata, allowed at any point of the run's life; it never moves the state.
  } else if (event.type === 'START') {
    if (current.startSeen && current.startedAt !== null && ms(current.startedAt) !== t) {
      return reject(`run already started at ${current.startedAt}; a second START at ${event.time}`);
    }
    if (ended !== null && t > ended) {
      return reject(
        `run already ended (${current.status}) at ${current.endedAt}; START at ${event.time} is after it`,
      );
    }
    next.startedAt = event.time;
    next.startSeen = true;
    next.lastActiveAt = later(current.lastActiveAt, event.time);
    if (current.status === 'pending') next.status = 'started';
  } else if (event.type === 'RUNNING') {
    if (ended !== null && t > ended) {
      return reject(
        `run already ended (${current.status}) at ${current.endedAt}; RUNNING at ${event.time} is after it`,
      );
    }
    // A RUNNING stamped before START is clock skew between producers, not an impossible run: keep it.
    if (!current.startSeen) next.startedAt = earlier(current.startedAt, event.time);
    next.lastActiveAt = later(current.lastActiveAt, event.time);
    if (current.status === 'pending' || current.status === 'started') next.status = 'running';
  } else if (terminal !== undefined) {
    if (isTerminal(current.status)) {
      if (current.status !== terminal) {
        return reject(
          `run already ended ${current.status} at ${current.endedAt}; cannot also be ${terminal}`,
        );
      }
      if (ended !== t) {
        return reject(
          `run already ended ${current.status} at ${current.endedAt}; a second ${event.type} at ${event.time}`,
        );
      }
    }
    if (current.lastActiveAt !== null && t < ms(current.lastActiveAt)) {
      return reject(`${event.type} at ${event.time} is before the run was active at ${current.lastActiveAt}`);
    }
    next.status = terminal;
    next.endedAt = event.time;
  }
  return { ok: true, state: next, changed: !same(current, next) };
}

/** Fold a run's events in any order; stops at the first impossible one. */
export function foldRunEvents(
  events: readonly RunEventInput[],
  start: PipelineRunState = NEW_RUN,
): RunTransition {
  let state = start;
  let changed = false;
  for (const event of events) {
    const step = nextRunState(state, event);
    if (!step.ok) return step;
    changed ||= step.changed;
    state = step.state;
  }
  return { ok: true, state, changed };
}

/** Wall time from start to end, when both are known. */
export function runDurationMs(state: PipelineRunState): number | null {
  if (state.startedAt === null || state.endedAt === null) return null;
  return ms(state.endedAt) - ms(state.startedAt);
}
