/**
 * When a problem began, from the best evidence a check or a producer gives, as opposed to when
 * Vigil noticed it. Pure: callers pass the facts and the time of detection.
 */

/**
 * A stale table was late from the moment it was due: its last update plus the age it may reach
 * (the static `maxAgeMinutes`, or the learned band's upper edge). Never after the detection, and
 * null when the facts are missing or unreadable.
 */
export function staleSince(
  lastUpdate: string | Date | null | undefined,
  maxAgeSeconds: number | null | undefined,
  detectedAt: Date,
): Date | null {
  if (lastUpdate === null || lastUpdate === undefined) return null;
  if (maxAgeSeconds === null || maxAgeSeconds === undefined || !Number.isFinite(maxAgeSeconds)) return null;
  const updated = new Date(lastUpdate).getTime();
  if (Number.isNaN(updated)) return null;
  const due = updated + Math.max(0, maxAgeSeconds) * 1000;
  return new Date(Math.min(due, detectedAt.getTime()));
}

/**
 * A producer's own start time (Alertmanager's `startsAt`) when it is a real time no later than the
 * detection; a clock running ahead of ours cannot make a problem start after we saw it.
 */
export function producerStart(startsAt: string | undefined, detectedAt: Date): Date | null {
  if (!startsAt || startsAt.startsWith('0001-01-01')) return null;
  const t = Date.parse(startsAt);
  if (Number.isNaN(t)) return null;
  return new Date(Math.min(t, detectedAt.getTime()));
}

/** A producer's end time when it lies between the start and now; else now. */
export function producerEnd(endsAt: string | undefined, startedAt: Date | null, now: Date): Date {
  if (!endsAt || endsAt.startsWith('0001-01-01')) return now;
  const t = Date.parse(endsAt);
  if (Number.isNaN(t) || t > now.getTime()) return now;
  return new Date(Math.max(t, startedAt?.getTime() ?? t));
}
