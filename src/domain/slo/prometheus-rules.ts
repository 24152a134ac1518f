import { errorBudget } from './budget.js';
import { burnRules, ruleWindows } from './burn-rules.js';
import { approxMs, formatWindow, parseSloDuration } from './duration.js';
import type { SliSpec, SloSpec } from './model.js';

/**
 * Prometheus recording and alerting rules for an SLO, with Sloth's metric and label names
 * (slo:sli_error:ratio_rate<window>, slo:objective:ratio, sloth_id …), so Sloth's Grafana
 * dashboards read them. Vigil's own indicators are read from the `vigil_slo_error_ratio` gauge
 * Vigil's /metrics exposes; Prometheus indicators from their queries.
 */
export interface RuleFile {
  groups: Array<{ name: string; rules: Array<Record<string, unknown>> }>;
}

function errorQuery(spec: SloSpec, window: string): string {
  const sli: SliSpec = spec.indicator;
  if (sli.kind !== 'prometheus') {
    return `max(vigil_slo_error_ratio{slo="${spec.name}", window="${window}"}) without (instance, job)`;
  }
  const q = (text: string) =>
    text.includes('{{.window}}')
      ? text.replaceAll('{{.window}}', window)
      : sli.counter
        ? `sum(rate((${text})[${window}:]))`
        : text;
  if (sli.errorRatio) return `(${q(sli.errorRatio)})`;
  const total = q(sli.total as string);
  return sli.bad ? `(${q(sli.bad)})\n/\n(${total})` : `1 - ((${q(sli.good as string)})\n/\n(${total}))`;
}

export function prometheusRules(spec: SloSpec): RuleFile {
  const period = parseSloDuration(spec.timeWindow.duration);
  const periodMs = period ? approxMs(period) : 30 * 86_400_000;
  const periodWindow = formatWindow(periodMs);
  const id = `${spec.service}-${spec.name}`;
  const sel = `sloth_id="${id}", sloth_service="${spec.service}", sloth_slo="${spec.name}"`;
  const labels = { sloth_id: id, sloth_service: spec.service, sloth_slo: spec.name };
  const budget = errorBudget(spec.objective.target);
  const rules = burnRules(periodMs);
  const windows = ruleWindows(rules).map(formatWindow);

  const sliRules = windows.map((w) => ({
    record: `slo:sli_error:ratio_rate${w}`,
    expr: errorQuery(spec, w),
    labels: { ...labels, sloth_window: w },
  }));
  // The period's ratio averages the 5-minute ratio, as Sloth does, instead of a 30-day range query.
  sliRules.push({
    record: `slo:sli_error:ratio_rate${periodWindow}`,
    expr: `sum_over_time(slo:sli_error:ratio_rate5m{${sel}}[${periodWindow}])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m{${sel}}[${periodWindow}])`,
    labels: { ...labels, sloth_window: periodWindow },
  });

  const on = 'on(sloth_id, sloth_slo, sloth_service) group_left';
  const meta = [
    { record: 'slo:objective:ratio', expr: `vector(${spec.objective.target})`, labels },
    { record: 'slo:error_budget:ratio', expr: `vector(1-${spec.objective.target})`, labels },
    { record: 'slo:time_period:days', expr: `vector(${periodMs / 86_400_000})`, labels },
    {
      record: 'slo:current_burn_rate:ratio',
      expr: `slo:sli_error:ratio_rate5m{${sel}}\n/ ${on}\nslo:error_budget:ratio{${sel}}`,
      labels,
    },
    {
      record: 'slo:period_burn_rate:ratio',
      expr: `slo:sli_error:ratio_rate${periodWindow}{${sel}}\n/ ${on}\nslo:error_budget:ratio{${sel}}`,
      labels,
    },
    {
      record: 'slo:period_error_budget_remaining:ratio',
      expr: `1 - slo:period_burn_rate:ratio{${sel}}`,
      labels,
    },
    {
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: {
        ...labels,
        sloth_mode: 'vigil',
        sloth_spec: 'openslo/v1',
        sloth_objective: String(spec.objective.target * 100),
      },
    },
  ];

  const alertName = spec.name
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
  const alerts: Array<Record<string, unknown>> = [];
  for (const severity of ['page', 'ticket'] as const) {
    if (!spec.alerting[severity]) continue;
    const mine = rules.filter((r) => r.severity === severity);
    if (mine.length === 0) continue;
    const clause = (w: string, factor: number) =>
      `max(slo:sli_error:ratio_rate${w}{${sel}} > (${factor} * ${budget})) without (sloth_window)`;
    const expr = mine
      .map(
        (r) =>
          `(\n  ${clause(formatWindow(r.shortMs), r.factor)}\n  and\n  ${clause(formatWindow(r.longMs), r.factor)}\n)`,
      )
      .join('\nor\n');
    alerts.push({
      alert: `${alertName}ErrorBudgetBurn`,
      expr,
      labels: { sloth_severity: severity, severity, ...(spec.owner ? { owner: spec.owner } : {}) },
      annotations: {
        title: `(${severity}) ${spec.service} ${spec.name} SLO error budget burn rate is too fast.`,
        summary: `{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over the expected rate.`,
      },
    });
  }

  const groups: RuleFile['groups'] = [
    { name: `sloth-slo-sli-recordings-${id}`, rules: sliRules },
    { name: `sloth-slo-meta-recordings-${id}`, rules: meta },
  ];
  if (alerts.length > 0) groups.push({ name: `sloth-slo-alerts-${id}`, rules: alerts });
  return { groups };
}
