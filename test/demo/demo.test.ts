import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { demoSlos } from '../../src/demo/slo-specs.js';
import { type Demo, startDemo } from '../../src/demo/start-demo.js';
import { FAULTS, faultTimes, HOUR, SCHEDULE_LOADS } from '../../src/demo/timeline.js';
import { incidentBudgetBurn } from '../../src/services/slo/incident-budget-burn.js';
import { evaluateSlo } from '../../src/services/slo/evaluate-slo.js';
import type { AlertRow } from '../../src/store/schema.js';
import { draftSections } from '../../src/domain/postmortem-draft.js';
import { gatherFacts } from '../../src/services/postmortems/draft-postmortem.js';
import { loadTemplate } from '../../src/services/postmortems/postmortem-records.js';
import type { IncidentRow } from '../../src/store/schema-incidents.js';
import { playDemo } from '../support/demo-play.js';

/**
 * The demo's acceptance test: the whole fault schedule plays on a ManualClock that jumps from one
 * due moment to the next (see playDemo), so every check runs at exactly its simulated time and the
 * run takes seconds of CPU, not the fourteen simulated hours.
 */
const SLACK_MS = 10_000;
/** The SLOs' slow-burn tickets clear once the six-hour short window holds no bad slice. */
const SLO_SETTLE_MS = 7 * HOUR;

interface Seen {
  alert: AlertRow;
  incidents: string[];
}

let demo: Demo;
let dir: string;
let clock: ManualClock;
const seen = new Map<string, Seen>();

async function record(): Promise<void> {
  const db = demo.vigil.store.db;
  const alerts = await db.selectFrom('alerts').selectAll().execute();
  const links = await db.selectFrom('incident_alerts').select(['alert_id', 'incident_id']).execute();
  for (const alert of alerts) {
    const key = `${alert.fingerprint}@${alert.started_at.toISOString()}`;
    const incidents = links.filter((l) => l.alert_id === alert.id).map((l) => l.incident_id);
    seen.set(key, { alert, incidents });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-demo-'));
  clock = new ManualClock('2026-03-02T08:45:00Z');
  demo = await startDemo(loadConfig({}, '/nonexistent'), {
    dir,
    speed: 1,
    faults: true,
    clock,
    http: false,
    autostartWorker: false,
    memoryStore: true,
    log: pino({ level: 'silent' }),
  });
  const monitors = await demo.vigil.store.db.selectFrom('monitors').select(['name', 'asset']).execute();
  for (const slo of demoSlos()) {
    const i = slo.indicator;
    const name = 'monitor' in i ? i.monitor : 'monitors' in i ? i.monitors[0] : undefined;
    sloAssets.set(slo.name, monitors.find((m) => m.name === name)?.asset ?? '');
  }
  await demo.vigil.worker?.tick();
  await record();
  await playDemo(demo, clock, demo.state.t0 + (SCHEDULE_LOADS + 1) * HOUR + SLO_SETTLE_MS, record);
}, 240_000);

afterAll(async () => {
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The table each SLO's monitors watch, by SLO name. */
const sloAssets = new Map<string, string>();
const assetOf = (a: AlertRow) =>
  a.labels.asset ?? a.labels.heartbeat ?? sloAssets.get(a.labels.slo ?? '') ?? '';
const isSlo = (a: AlertRow) => a.origin === 'slo';

/** The fault whose window holds the alert's start and whose alerts sit on the alert's asset. */
const faultOf = (a: AlertRow) =>
  FAULTS.find((f) => {
    const t = faultTimes(f, demo.state.t0);
    const start = a.started_at.getTime();
    return (
      f.alerts.some((e) => assetOf(a) === e.asset && (isSlo(a) || a.labels.kind === e.kind)) &&
      start >= t.injectedAt &&
      start < t.healedAt
    );
  });

describe('vigil demo', () => {
  it('raises no alert on the clean warm-up before the first fault', () => {
    const first = Math.min(...FAULTS.map((f) => faultTimes(f, demo.state.t0).injectedAt));
    const early = [...seen.values()].filter((s) => s.alert.started_at.getTime() < first);
    expect(early.map((s) => `${s.alert.title}: ${s.alert.summary}`)).toEqual([]);
  });

  it.each(FAULTS.map((f) => [f.id, f] as const))(
    'detects %s within one check interval plus 10 s',
    (_id, f) => {
      const t = faultTimes(f, demo.state.t0);
      for (const expected of f.alerts) {
        const hits = [...seen.values()].filter(
          (s) =>
            assetOf(s.alert) === expected.asset &&
            s.alert.labels.kind === expected.kind &&
            s.alert.started_at.getTime() >= t.injectedAt &&
            s.alert.started_at.getTime() < t.healedAt,
        );
        expect(hits, `${expected.kind} alert on ${expected.asset}`).toHaveLength(1);
        const detectedAt = hits[0]!.alert.started_at.getTime();
        expect(detectedAt - t.visibleAt).toBeLessThanOrEqual(expected.intervalMs + SLACK_MS);
      }
    },
  );

  it('puts each fault in exactly one incident of its own, and resolves it after the fault heals', async () => {
    const db = demo.vigil.store.db;
    const incidents = await db.selectFrom('incidents').selectAll().execute();
    const byFault = FAULTS.map((f) => {
      const t = faultTimes(f, demo.state.t0);
      const ids = new Set(
        [...seen.values()]
          .filter((s) => f.alerts.some((e) => assetOf(s.alert) === e.asset && s.alert.labels.kind === e.kind))
          .filter(
            (s) => s.alert.started_at.getTime() >= t.injectedAt && s.alert.started_at.getTime() < t.healedAt,
          )
          .flatMap((s) => s.incidents),
      );
      return [f.id, [...ids]] as const;
    });
    for (const [id, ids] of byFault) expect(ids, id).toHaveLength(1);
    expect(new Set(byFault.map(([, ids]) => ids[0])).size).toBe(FAULTS.length);
    expect(incidents).toHaveLength(FAULTS.length);
    expect(incidents.map((i) => i.status)).toEqual(FAULTS.map(() => 'resolved'));
    // The cascade is named after its cause, two hops upstream, not the mart that failed too.
    const cascade = incidents.find(
      (i) => i.id === byFault.find(([id]) => id === 'payments-export-late')?.[1][0],
    );
    expect(cascade?.title).toBe('raw.payments freshness');
    // Its postmortem's first signal is the cause too, not the mart's alert.
    const { template } = await loadTemplate(db);
    const draft = draftSections(template, await gatherFacts(db, cascade as IncidentRow));
    const trigger = draft.find((s) => s.key === 'trigger')?.body ?? '';
    expect(trigger).toMatch(/^The first signal was the \w+ alert "raw\.payments freshness"/);
  });

  it('raises no alert that no fault explains, and every alert has resolved by the end', () => {
    const stray = [...seen.values()].filter((s) => !faultOf(s.alert));
    expect(stray.map((s) => `${s.alert.title}: ${s.alert.summary}`)).toEqual([]);
    const latest = new Map([...seen.values()].map((s) => [s.alert.fingerprint, s.alert.status]));
    expect([...latest.entries()].filter(([, status]) => status !== 'resolved')).toEqual([]);
  });

  it('sets up the SLOs on four weeks of checks, and no SLO alert fires on the clean warm-up', async () => {
    const rows = await demo.vigil.store.db
      .selectFrom('slos')
      .select(['name', 'owner'])
      .orderBy('name')
      .execute();
    expect(rows.map((r) => r.name)).toEqual(
      demoSlos()
        .map((s) => s.name)
        .sort(),
    );
    const first = Math.min(...FAULTS.map((f) => faultTimes(f, demo.state.t0).injectedAt));
    const slo = [...seen.values()].filter((s) => isSlo(s.alert));
    expect(slo.filter((s) => s.alert.started_at.getTime() < first)).toEqual([]);
    // The window is judged on the replayed history too: 28 days of 5-minute slices.
    const { evaluation } = await evaluateSlo({
      ctx: demo.vigil.systemContext,
      input: { name: 'orders-fresh' },
    });
    expect(evaluation.total).toBeGreaterThan(27 * 24 * 12);
    expect(evaluation.budgetLeft).toBe(1);
  });

  it('shows the budgets the faults spent, as tickets in the inbox and never as extra incidents', async () => {
    const ctx = demo.vigil.systemContext;
    const slo = [...seen.values()].filter((s) => isSlo(s.alert));
    // The payments outage burns the revenue mart's budget, the null spike the amounts' one.
    expect([...new Set(slo.map((s) => `${s.alert.labels.slo}: ${faultOf(s.alert)?.id}`))].sort()).toEqual([
      'payment-amounts-valid: payment-amount-nulls',
      'revenue-mart-fresh: payments-export-late',
    ]);
    expect(slo.filter((s) => s.alert.severity !== 'ticket' || s.incidents.length > 0)).toEqual([]);
    for (const name of ['revenue-mart-fresh', 'payment-amounts-valid']) {
      const { evaluation } = await evaluateSlo({ ctx, input: { name } });
      expect(evaluation.budgetLeft, name).toBeGreaterThan(0);
      expect(evaluation.budgetLeft, name).toBeLessThan(0.9);
    }
    // The incident of the payments outage holds the mart's freshness alert.
    const incidentIds = [...seen.values()]
      .filter((s) => !isSlo(s.alert) && faultOf(s.alert)?.id === 'payments-export-late')
      .flatMap((s) => s.incidents);
    const burns = await Promise.all(
      [...new Set(incidentIds)].map((id) => incidentBudgetBurn({ ctx, input: { incidentId: id } })),
    );
    const shares = burns.flatMap((b) => b.slos).filter((b) => b.slo === 'revenue-mart-fresh');
    expect(shares.some((b) => b.share > 0.1)).toBe(true);
    const inbox = await demo.vigil.store.db.selectFrom('outbox').select('message').execute();
    expect(inbox.some((o) => JSON.stringify(o.message).includes('SLO revenue-mart-fresh burns'))).toBe(true);
  });

  it('delivers every notification to the demo inbox', async () => {
    const outbox = await demo.vigil.store.db
      .selectFrom('outbox')
      .select(['channel_name', 'status'])
      .execute();
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.filter((o) => o.channel_name !== 'demo-inbox' || o.status !== 'sent')).toEqual([]);
  });
});
