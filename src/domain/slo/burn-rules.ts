import { burnRateForShare } from './budget.js';

/**
 * Multiwindow, multi-burn-rate alerts (The Site Reliability Workbook, ch. 5). Each rule fires when
 * both its long and its short window burn faster than its factor: the long window proves the burn
 * is real, the short one that it is still going on, so the alert clears soon after a fix.
 */
export interface BurnRule {
  severity: 'page' | 'ticket';
  /** Share of the period's budget the rule lets burn within its long window before it fires. */
  budgetShare: number;
  longMs: number;
  shortMs: number;
  factor: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The workbook's choice for a 30-day period: 2 % in 1 h and 5 % in 6 h page; 10 % in 1 d and in 3 d ticket. */
const RULE_SHAPES = [
  { severity: 'page', budgetShare: 0.02, longMs: HOUR, shortMs: 5 * MIN },
  { severity: 'page', budgetShare: 0.05, longMs: 6 * HOUR, shortMs: 30 * MIN },
  { severity: 'ticket', budgetShare: 0.1, longMs: DAY, shortMs: 2 * HOUR },
  { severity: 'ticket', budgetShare: 0.1, longMs: 3 * DAY, shortMs: 6 * HOUR },
] as const;

/**
 * The rules for a period: the same windows and budget shares, with factors derived from the
 * period's length (share × period / long window), as Sloth does. A 30-day period gives the
 * workbook's 14.4, 6, 3 and 1; a 28-day one 13.44, 5.6, 2.8 and 0.93. Rules whose long window is
 * not shorter than the period are dropped.
 */
export function burnRules(periodMs: number): BurnRule[] {
  return RULE_SHAPES.filter((r) => r.longMs < periodMs).map((r) => ({
    ...r,
    factor: round(burnRateForShare(r.budgetShare, periodMs, r.longMs)),
  }));
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Every window the rules look at, shortest first, without repeats. */
export function ruleWindows(rules: BurnRule[]): number[] {
  return [...new Set(rules.flatMap((r) => [r.shortMs, r.longMs]))].sort((a, b) => a - b);
}
