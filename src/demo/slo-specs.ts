import type { SloInput } from '../services/slo/slo-schema.js';

/**
 * The demo's SLOs: the promises the data team made its users, judged over 28 days on the same
 * check results as the monitors (four weeks of them replayed from the history, see
 * check-history.ts). The monitors behind them already page on every fault and open its incident,
 * so the SLOs do not page again: a budget burning too fast is a ticket for the owner, kept in the
 * inbox, and each incident's budget burn shows what the fault cost. They carry no `asset` label:
 * lineage inhibition would hold a budget ticket back while an upstream table is late, and the
 * budget is the owner's business whatever the cause.
 */
const WINDOW = { rolling: true, duration: '28d' } as const;
const TICKET_ONLY = { page: false, ticket: true, minEvents: 10 } as const;

/** The monitors whose check history the SLOs read (replayed for the history). */
export const SLO_MONITORS = [
  'raw.orders freshness',
  'marts.daily_revenue freshness',
  'raw.payments amount health',
] as const;

export function demoSlos(): SloInput[] {
  return [
    {
      name: 'orders-fresh',
      displayName: 'Orders are at most 75 minutes old',
      description:
        'Sales dashboards read raw orders every hour: they must be loaded on time 99 % of the time.',
      service: 'sales',
      owner: 'data-eng',
      labels: { team: 'data-eng' },
      indicator: { kind: 'freshness', monitor: 'raw.orders freshness' },
      timeWindow: WINDOW,
      budgetingMethod: 'Timeslices',
      objective: { target: 0.99, timeSliceTarget: 1, timeSliceWindow: '5m' },
      alerting: TICKET_ONLY,
      budgetPolicy: {
        onExhausted: 'Freeze changes to ingest_orders until the budget is back.',
        postmortemShare: 0.2,
      },
    },
    {
      name: 'revenue-mart-fresh',
      displayName: 'The revenue mart is at most 75 minutes old',
      description:
        'The executive revenue dashboard reads marts.daily_revenue: it must be fresh 99.5 % of the time.',
      service: 'revenue',
      owner: 'analytics',
      labels: { team: 'analytics' },
      indicator: { kind: 'freshness', monitor: 'marts.daily_revenue freshness' },
      timeWindow: WINDOW,
      budgetingMethod: 'Timeslices',
      objective: { target: 0.995, timeSliceTarget: 1, timeSliceWindow: '5m' },
      alerting: TICKET_ONLY,
      budgetPolicy: {
        onExhausted: 'Payments reliability work comes before new revenue models until the budget is back.',
        postmortemShare: 0.2,
      },
    },
    {
      name: 'payment-amounts-valid',
      displayName: 'Payment exports carry their amounts',
      description: 'At most one hourly export in a hundred may break the 1 % limit on empty payment amounts.',
      service: 'finance',
      owner: 'finance-data',
      labels: { team: 'finance-data' },
      indicator: { kind: 'monitor_pass_rate', monitors: ['raw.payments amount health'] },
      timeWindow: WINDOW,
      budgetingMethod: 'Occurrences',
      objective: { target: 0.99 },
      alerting: TICKET_ONLY,
      budgetPolicy: {
        onExhausted: 'Escalate the export quality to the payment provider.',
        postmortemShare: 0.2,
      },
    },
  ];
}
