import { AppError } from '../domain/errors.js';

/**
 * How many monitor previews may run at once. A preview runs a person's SQL on the warehouse while
 * they wait; DuckDB runs each statement on a thread of Node's libuv pool, the same pool sign-in's
 * password hashing needs. Bounding previews per person, per source and in all keeps one person
 * (or one slow warehouse) from holding the pool or the warehouse, and leaves threads for the API.
 */
export interface PreviewLimits {
  perUser: number;
  /** Above perUser, so one person's previews never lock everyone else out of a source. */
  perSource: number;
  total: number;
  /** What a refused caller is told to wait before trying again. */
  retryAfterSeconds: number;
}

export const DEFAULT_PREVIEW_LIMITS: PreviewLimits = {
  perUser: 2,
  perSource: 3,
  total: 4,
  retryAfterSeconds: 5,
};

/** A preview refused because a limit is full; the route turns retryAfterSeconds into Retry-After. */
export class PreviewBusyError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

/**
 * Counts previews in flight. A caller over a limit is refused at once, never queued: a queue
 * would only hold the request open while the warehouse is busy, and grow without bound.
 */
export class PreviewSlots {
  private readonly byUser = new Map<string, number>();
  private readonly bySource = new Map<string, number>();
  private running = 0;

  constructor(readonly limits: PreviewLimits = DEFAULT_PREVIEW_LIMITS) {}

  /** Takes a slot for this person on this source, or throws PreviewBusyError; release it once. */
  take(user: string, sourceId: string): () => void {
    const { perUser, perSource, total, retryAfterSeconds } = this.limits;
    if ((this.byUser.get(user) ?? 0) >= perUser)
      throw new PreviewBusyError(
        `you have ${perUser} previews running already; wait for one to finish`,
        retryAfterSeconds,
      );
    if ((this.bySource.get(sourceId) ?? 0) >= perSource)
      throw new PreviewBusyError(
        `this source has ${perSource} previews running already; try again shortly`,
        retryAfterSeconds,
      );
    if (this.running >= total)
      throw new PreviewBusyError(
        `the server has ${total} previews running already; try again shortly`,
        retryAfterSeconds,
      );
    bump(this.byUser, user, 1);
    bump(this.bySource, sourceId, 1);
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.byUser, user, -1);
      bump(this.bySource, sourceId, -1);
      this.running--;
    };
  }

  /** Runs work in a slot, released when it ends however it ends. */
  async run<T>(user: string, sourceId: string, work: () => Promise<T>): Promise<T> {
    const release = this.take(user, sourceId);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Previews in flight, for tests and metrics. */
  get inFlight(): number {
    return this.running;
  }
}
