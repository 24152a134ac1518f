import { evaluateSlo, type SloEvaluation } from '../../domain/slo/evaluate.js';
import type { SloSpec } from '../../domain/slo/model.js';
import { json } from '../../store/executor.js';
import type { SloRow } from '../../store/schema-slos.js';
import type { AlertSignal } from '../alerts/alert-signal.js';
import { loadRouting, type Routing } from '../alerts/routing-config.js';
import { type AlertChange, upsertAlert } from '../alerts/upsert-alert.js';
import type { ServiceContext, Tx } from '../context.js';
import { sloEvents, storedEvaluation } from './evaluate-slo.js';

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const rate = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)}x`);

function labels(spec: SloSpec, kind: string, severity: string): Record<string, string> {
  return {
    ...spec.labels,
    slo: spec.name,
    service: spec.service,
    kind,
    severity,
    ...(spec.owner ? { owner: spec.owner } : {}),
  };
}

/** The multiwindow burn alert: fires at the severity of the fastest rule that fires, clears when none does. */
function burnSignal(row: SloRow, e: SloEvaluation, at: Date): AlertSignal {
  const spec = row.spec;
  const rule = e.rules.find((r) => r.firing && r.severity === e.firing);
  const title = `SLO ${spec.name} burns its error budget too fast`;
  const summary = rule
    ? `burn rate ${rate(rule.longBurn)} over ${rule.longWindow} and ${rate(rule.shortBurn)} over ${rule.shortWindow} (threshold ${rule.factor}x); ${pct(e.budgetLeft)} of the budget left`
    : `burn rates are below every threshold; ${pct(e.budgetLeft)} of the budget left`;
  const severity = e.firing ?? 'ticket';
  return {
    fingerprint: `slo:${row.id}:burn`,
    origin: 'slo',
    status: e.firing ? 'firing' : 'resolved',
    severity,
    title,
    summary,
    labels: { ...labels(spec, 'slo_burn', severity), ...(rule ? { window: rule.longWindow } : {}) },
    annotations: { title, summary, budget_left: pct(e.budgetLeft) },
    at,
  };
}

function noticeSignal(row: SloRow, what: 'exhausted' | 'review', firing: boolean, at: Date): AlertSignal {
  const spec = row.spec;
  const title =
    what === 'exhausted'
      ? `SLO ${spec.name} has spent its error budget`
      : `SLO ${spec.name} is due for review (${spec.reviewDate})`;
  const summary =
    what === 'exhausted'
      ? spec.budgetPolicy.onExhausted
        ? `budget policy: ${spec.budgetPolicy.onExhausted}`
        : 'the budget is spent; no budget policy is recorded on the SLO'
      : 'check the objective still matches what its users need, then set the next review date';
  return {
    fingerprint: `slo:${row.id}:${what}`,
    origin: 'slo',
    status: firing ? 'firing' : 'resolved',
    severity: 'ticket',
    title,
    summary,
    labels: labels(spec, what === 'exhausted' ? 'slo_budget_exhausted' : 'slo_review_due', 'ticket'),
    annotations: { title, summary },
    at,
  };
}

async function event(trx: Tx, row: SloRow, at: Date, kind: string, message: string, data: object) {
  await trx
    .insertInto('slo_events')
    .values({ slo_id: row.id, at, kind, message, data: json(data) })
    .execute();
}

/** One SLO: stores its evaluation, and raises or clears its burn, budget and review alerts. */
async function checkOne(trx: Tx, routing: Routing, row: SloRow, now: Date): Promise<AlertChange[]> {
  const spec = row.spec;
  const e = evaluateSlo(spec, await sloEvents(trx, spec, now), now.getTime());
  const changes: AlertChange[] = [];
  const raise = async (s: AlertSignal) => changes.push((await upsertAlert(trx, routing, s)).change);
  if (spec.indicator.kind !== 'prometheus') await raise(burnSignal(row, e, now));

  let exhaustedAt = row.budget_exhausted_at;
  if (e.budgetLeft !== null && e.budgetLeft <= 0 && !exhaustedAt) {
    exhaustedAt = now;
    await event(trx, row, now, 'budget_exhausted', `the error budget is spent (${pct(e.budgetLeft)} left)`, {
      budgetLeft: e.budgetLeft,
      policy: spec.budgetPolicy.onExhausted,
    });
    await raise(noticeSignal(row, 'exhausted', true, now));
  } else if (exhaustedAt && (e.budgetLeft === null || e.budgetLeft > 0)) {
    exhaustedAt = null;
    await event(trx, row, now, 'budget_recovered', `the error budget is back (${pct(e.budgetLeft)} left)`, {
      budgetLeft: e.budgetLeft,
    });
    await raise(noticeSignal(row, 'exhausted', false, now));
  }

  let remindedAt = row.review_reminded_at;
  const due = spec.reviewDate !== null && now.toISOString().slice(0, 10) >= spec.reviewDate;
  if (due && !remindedAt) {
    remindedAt = now;
    await event(trx, row, now, 'review_due', `the review date ${spec.reviewDate} has come`, {
      reviewDate: spec.reviewDate,
    });
    await raise(noticeSignal(row, 'review', true, now));
  } else if (!due) {
    await raise(noticeSignal(row, 'review', false, now));
  }

  await trx
    .updateTable('slos')
    .set({
      last_evaluation: json(storedEvaluation(e)),
      last_evaluated_at: now,
      budget_exhausted_at: exhaustedAt,
      review_reminded_at: remindedAt,
    })
    .where('id', '=', row.id)
    .execute();
  return changes;
}

/**
 * The worker's SLO pass: evaluates every SLO and sends burn-rate, budget-spent and review alerts
 * through the normal alert path (routing, grouping, silences). Each SLO is locked and skipped by
 * other workers meanwhile, so several workers share the pass. Returns the alert changes made.
 */
export async function checkSlos({ ctx }: { ctx: ServiceContext }): Promise<AlertChange[]> {
  const ids = await ctx.store.db.selectFrom('slos').select('id').orderBy('name').execute();
  const changes: AlertChange[] = [];
  for (const { id } of ids) {
    const now = ctx.clock.now();
    try {
      const made = await ctx.store.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('slos')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        return row ? checkOne(trx, await loadRouting(trx), row, now) : [];
      });
      changes.push(...made);
    } catch (error) {
      // One broken SLO (a monitor renamed, a bad calendar) must not stop the others.
      ctx.log.error({ err: error, slo: id }, 'SLO evaluation failed');
    }
  }
  return changes;
}
