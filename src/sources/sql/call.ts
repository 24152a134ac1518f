import { fail, ok, type QueryCost, type Result, asSourceError } from '../errors.js';
import type { CallOptions, SourceHooks } from '../source.js';
import type { SqlEngine, Stmt } from './driver.js';
import { tagged } from './query-tag.js';

/** Counts statements and time for one call, and tags every statement it sends. */
export class Call {
  readonly cost: QueryCost = { queries: 0, wallMs: 0 };
  private readonly started = performance.now();
  constructor(
    private readonly engine: SqlEngine,
    private readonly hooks: SourceHooks,
    private readonly opts: Partial<CallOptions>,
  ) {}

  /**
   * The source's queryTimeoutMs is the longest any statement on it may run, whoever asks: a caller
   * (a monitor's own timeoutMs, a runner's default) may ask for less, never for more.
   */
  get timeoutMs(): number {
    const limit = this.engine.defaultTimeoutMs;
    return Math.min(this.opts.timeoutMs ?? limit, limit);
  }

  async run(stmt: Stmt, readOnly = false): Promise<{ rows: Record<string, unknown>[]; columns: string[] }> {
    const sql = tagged(this.opts.tag ?? {}, stmt.sql);
    this.hooks.onStatement?.(sql);
    this.cost.queries++;
    const answer = await this.engine.driver.exec(sql, stmt.params, { timeoutMs: this.timeoutMs, readOnly });
    if (answer.rowsScanned !== undefined)
      this.cost.rowsScanned = (this.cost.rowsScanned ?? 0) + answer.rowsScanned;
    if (answer.bytesScanned !== undefined)
      this.cost.bytesScanned = (this.cost.bytesScanned ?? 0) + answer.bytesScanned;
    return answer;
  }

  finish<T>(fn: () => Result<T> | T): Result<T> {
    this.cost.wallMs = Math.round((performance.now() - this.started) * 100) / 100;
    const out = fn();
    if (out && typeof out === 'object' && 'ok' in out && 'cost' in out)
      return { ...(out as Result<T>), cost: this.cost };
    return ok(out as T, this.cost);
  }

  failed<T>(e: unknown): Result<T> {
    this.cost.wallMs = Math.round((performance.now() - this.started) * 100) / 100;
    return fail(asSourceError(e), this.cost);
  }
}
