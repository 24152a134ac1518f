import type { Clock } from '../domain/clock.js';

/**
 * The demo's clock: simulated time that runs `speed` times faster than the wall clock, so an
 * hourly pipeline loads every minute at speed 60 and every part of Vigil (schedules, baselines,
 * heartbeat deadlines, incident times) lives in the same compressed time. It stands still until
 * `start()`, so setting the workspace up takes no simulated time.
 */
export class ScaledClock implements Clock {
  private simAtStart: number;
  private realAtStart: number | undefined;

  constructor(
    simStart: Date,
    readonly speed: number,
    private readonly wall: () => number = Date.now,
  ) {
    this.simAtStart = simStart.getTime();
  }

  now(): Date {
    if (this.realAtStart === undefined) return new Date(this.simAtStart);
    return new Date(this.simAtStart + (this.wall() - this.realAtStart) * this.speed);
  }

  start(): void {
    if (this.realAtStart === undefined) this.realAtStart = this.wall();
  }
}
