/** Builders for tests: one alert with sensible defaults. */
import type { RoutableAlert } from './alert.js';

export function testAlert(fingerprint: string, over: Partial<RoutableAlert> = {}): RoutableAlert {
  return {
    fingerprint,
    status: 'firing',
    labels: { severity: 'page', owner: 'ana', asset: 'sales.orders', source: 'warehouse' },
    annotations: { title: `${fingerprint} failed`, summary: '' },
    startsAt: new Date('2026-01-05T09:00:00Z'),
    endsAt: null,
    acknowledgedAt: null,
    ...over,
  };
}
