/**
 * Failed sign-ins counted in a sliding window, per client address and per user name, in memory.
 * A key that reached its limit is locked until its oldest failure leaves the window; no password is
 * checked meanwhile, so a flood costs no scrypt work. Limits are per server process (a restart
 * forgets them); several processes behind a balancer each keep their own.
 */
export interface SignInLimits {
  /** Failures one user name may collect in the window, whatever the addresses. */
  perName: number;
  /** Failures one client address may collect in the window, whatever the names. */
  perAddress: number;
  windowMs: number;
}

/** 10 wrong passwords per name, 30 per address, in 15 minutes. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perName: 10, perAddress: 30, windowMs: 15 * 60_000 };

/** Keys remembered at most; beyond it the stalest go first, so a spray of names cannot fill memory. */
const MAX_KEYS = 20_000;

export interface SignInAttempt {
  name: string;
  address: string;
}

type Kind = 'name' | 'address';

interface Count {
  /** Times of the newest attempts not known to have succeeded, oldest first. */
  times: number[];
  /** The current lock was audited already. */
  lockNoted: boolean;
}

export class SignInThrottle {
  private readonly counts = new Map<string, Count>();

  constructor(readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {}

  /**
   * Counts the attempt before its password is checked, so concurrent guesses cannot all slip past
   * the limit while scrypt runs. Answers the seconds to wait (nothing counted), or 0.
   */
  begin(attempt: SignInAttempt, now: Date): number {
    let waitMs = 0;
    for (const [key, limit] of this.keys(attempt)) {
      const times = this.recent(key, now);
      const oldest = times[times.length - limit];
      if (times.length >= limit && oldest !== undefined)
        waitMs = Math.max(waitMs, oldest + this.limits.windowMs - now.getTime());
    }
    if (waitMs > 0) return Math.ceil(waitMs / 1000);
    for (const [key, limit] of this.keys(attempt)) {
      const times = [...this.recent(key, now), now.getTime()].slice(-limit);
      // Not locked, so any earlier lock is over. Re-inserted so the Map's order is least recently
      // touched first, for eviction.
      this.counts.delete(key);
      this.counts.set(key, { times, lockNoted: false });
    }
    this.evict(now);
    return 0;
  }

  /** The password was right: the name's count ends, and the address gets this attempt back. */
  succeeded(attempt: SignInAttempt, startedAt: Date): void {
    this.counts.delete(nameKey(attempt.name));
    const address = this.counts.get(addressKey(attempt.address));
    const i = address?.times.lastIndexOf(startedAt.getTime()) ?? -1;
    if (address && i >= 0) address.times.splice(i, 1);
  }

  /** The password was wrong (already counted by begin): answers the keys it locked, once per lock. */
  failed(attempt: SignInAttempt, now: Date): Kind[] {
    const locked: Kind[] = [];
    for (const [key, limit, kind] of this.keys(attempt)) {
      const count = this.counts.get(key);
      if (!count || count.lockNoted || this.recent(key, now).length < limit) continue;
      count.lockNoted = true;
      locked.push(kind);
    }
    return locked;
  }

  private keys(attempt: SignInAttempt): [string, number, Kind][] {
    return [
      [nameKey(attempt.name), this.limits.perName, 'name'],
      [addressKey(attempt.address), this.limits.perAddress, 'address'],
    ];
  }

  private recent(key: string, now: Date): number[] {
    const since = now.getTime() - this.limits.windowMs;
    return (this.counts.get(key)?.times ?? []).filter((at) => at > since);
  }

  private evict(now: Date): void {
    if (this.counts.size <= MAX_KEYS) return;
    const since = now.getTime() - this.limits.windowMs;
    for (const [key, count] of this.counts) {
      if ((count.times[count.times.length - 1] ?? 0) <= since) this.counts.delete(key);
    }
    for (const key of this.counts.keys()) {
      if (this.counts.size <= MAX_KEYS) break;
      this.counts.delete(key);
    }
  }
}

// Names are compared without case, so `Ana` and `ana` share one count.
const nameKey = (name: string) => `name:${name.toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;
