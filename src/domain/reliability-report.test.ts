import { describe, expect, it } from 'vitest';
import type { IncidentTimes } from './incident.js';
import {
  dataDowntime,
  incidentsByType,
  type ReportIncident,
  responseTimes,
  toCsv,
} from './reliability-report.js';

const at = (hhmm: string) => new Date(`2026-01-01T${hhmm}:00Z`);
const times = (s: string, d: string, a: string | null, r: string | null): IncidentTimes => ({
  startedAt: at(s),
  detectedAt: at(d),
  acknowledgedAt: a ? at(a) : null,
  mitigatedAt: null,
  resolvedAt: r ? at(r) : null,
});

// Hand-computed: A detects in 30m, acks in 10m, resolves in 2h; B in 10m, 20m, 1h; C is open.
const A: ReportIncident = {
  id: 'A',
  severity: 'SEV1',
  type: 'freshness',
  assets: ['orders'],
  teams: ['sales'],
  times: times('10:00', '10:30', '10:40', '12:30'),
};
const B: ReportIncident = {
  id: 'B',
  severity: 'SEV1',
  type: 'freshness',
  assets: ['orders', 'revenue'],
  teams: ['sales', 'finance'],
  times: times('09:00', '09:10', '09:30', '10:10'),
};
const C: ReportIncident = {
  id: 'C',
  severity: 'SEV2',
  type: 'schema',
  assets: [],
  teams: [],
  times: times('08:00', '09:00', null, null),
};
const D: ReportIncident = {
  id: 'D',
  severity: 'SEV3',
  type: 'volume',
  assets: ['revenue'],
  teams: ['finance'],
  times: times('13:00', '13:20', null, null),
};

describe('response times', () => {
  it('averages detect, acknowledge and resolve per severity, over the incidents where each is known', () => {
    expect(responseTimes([A, B, C], 'severity')).toEqual([
      {
        group: 'SEV1',
        incidents: 2,
        mttdSeconds: 1200,
        mttaSeconds: 900,
        mttrSeconds: 5400,
        acknowledged: 2,
        resolved: 2,
      },
      {
        group: 'SEV2',
        incidents: 1,
        mttdSeconds: 3600,
        mttaSeconds: null,
        mttrSeconds: null,
        acknowledged: 0,
        resolved: 0,
      },
    ]);
  });

  it('counts an incident once in each team and each asset it touched', () => {
    expect(responseTimes([A, B, C], 'team')).toEqual([
      {
        group: '(no owner)',
        incidents: 1,
        mttdSeconds: 3600,
        mttaSeconds: null,
        mttrSeconds: null,
        acknowledged: 0,
        resolved: 0,
      },
      {
        group: 'finance',
        incidents: 1,
        mttdSeconds: 600,
        mttaSeconds: 1200,
        mttrSeconds: 3600,
        acknowledged: 1,
        resolved: 1,
      },
      {
        group: 'sales',
        incidents: 2,
        mttdSeconds: 1200,
        mttaSeconds: 900,
        mttrSeconds: 5400,
        acknowledged: 2,
        resolved: 2,
      },
    ]);
    expect(responseTimes([A, B, C], 'asset').map((r) => [r.group, r.incidents, r.mttrSeconds])).toEqual([
      ['(no asset)', 1, null],
      ['orders', 2, 5400],
      ['revenue', 1, 3600],
    ]);
  });

  it('gives no rows for no incidents', () => {
    expect(responseTimes([], 'severity')).toEqual([]);
  });
});

describe('data downtime', () => {
  it('sums detection and resolution per asset; an open incident runs until the report time', () => {
    expect(dataDowntime([A, B, C, D], at('14:00'))).toEqual([
      // A: 30m + 2h = 9000 s; B: 10m + 1h = 4200 s.
      {
        asset: 'orders',
        incidents: 2,
        openIncidents: 0,
        detectionSeconds: 2400,
        resolutionSeconds: 10800,
        downtimeSeconds: 13200,
      },
      // B: 600 + 3600; D: 20m to detect, open 40m since: 1200 + 2400.
      {
        asset: 'revenue',
        incidents: 2,
        openIncidents: 1,
        detectionSeconds: 1800,
        resolutionSeconds: 6000,
        downtimeSeconds: 7800,
      },
    ]);
  });
});

describe('incidents by type', () => {
  it('counts each type and lists the types with none', () => {
    const rows = incidentsByType([A, B, C, D]);
    expect(rows).toContainEqual({ type: 'freshness', incidents: 2 });
    expect(rows).toContainEqual({ type: 'schema', incidents: 1 });
    expect(rows).toContainEqual({ type: 'volume', incidents: 1 });
    expect(rows).toContainEqual({ type: 'pipeline_failure', incidents: 0 });
    expect(rows.reduce((n, r) => n + r.incidents, 0)).toBe(4);
  });
});

describe('CSV', () => {
  it('quotes commas and quotes, leaves nulls empty and defuses spreadsheet formulas', () => {
    const csv = toCsv<{ a: string; b: number | null }>(
      ['a', 'b'],
      [
        { a: 'x,y', b: 1 },
        { a: '=SUM(A1)', b: null },
        { a: 'say "hi"', b: -2 },
      ],
    );
    expect(csv).toBe('a,b\r\n"x,y",1\r\n\'=SUM(A1),\r\n"say ""hi""",-2\r\n');
  });
});
