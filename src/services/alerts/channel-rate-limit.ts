/**
 * A token bucket per channel: `perMinute` tokens a minute, up to `burst` saved up. A message over
 * the limit is not dropped: the dispatcher puts it back with the time its token will be there.
 * State lives in the dispatching process; several workers each keep their own share.
 */
export interface RateLimit {
  perMinute: number;
  burst?: number | undefined;
}

interface Bucket {
  tokens: number;
  at: number;
  limit: string;
}

export class ChannelRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** 0 when the message may go now (its token is taken), else how many ms until it may. */
  take(channel: string, limit: RateLimit | undefined, nowMs: number): number {
    if (!limit || !(limit.perMinute > 0)) return 0;
    const capacity = Math.max(1, limit.burst ?? limit.perMinute);
    const perMs = limit.perMinute / 60_000;
    const key = `${limit.perMinute}/${capacity}`;
    let b = this.buckets.get(channel);
    if (!b || b.limit !== key) {
      b = { tokens: capacity, at: nowMs, limit: key };
      this.buckets.set(channel, b);
    }
    b.tokens = Math.min(capacity, b.tokens + Math.max(0, nowMs - b.at) * perMs);
    b.at = Math.max(b.at, nowMs);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / perMs);
  }
}
