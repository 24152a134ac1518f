import { AppError, type ErrorDetail } from '../../domain/errors.js';
import type { SloSpec } from '../../domain/slo/model.js';
import { mutate, type AuditChange, type ServiceContext } from '../context.js';
import { insertSlo, type SloOrigin } from './create-slo.js';
import { parseSloSpec } from './slo-records.js';
import { replaceSlo } from './update-slo.js';

/** jsonb does not keep key order, so specs are compared with their keys sorted. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
}

export const sameSpec = (a: SloSpec, b: SloSpec) =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

export interface ImportSlosResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Creates or replaces SLOs by name, all in one transaction: a file with one bad SLO changes
 * nothing. `label` names each input in errors (e.g. `slos.yaml line 12`).
 */
export async function importSlos({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { slos: Array<{ input: unknown; label: string }>; origin?: SloOrigin };
}): Promise<ImportSlosResult> {
  const specs: SloSpec[] = [];
  const details: ErrorDetail[] = [];
  for (const s of input.slos) {
    try {
      specs.push(parseSloSpec(s.input));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      for (const d of error.details ?? [])
        details.push({ path: `${s.label}: ${d.path}`, message: d.message });
    }
  }
  const names = specs.map((s) => s.name);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  for (const n of new Set(twice)) details.push({ path: n, message: 'the same SLO name appears twice' });
  if (details.length > 0) throw new AppError('VALIDATION_FAILED', 'invalid SLOs', details);
  return mutate(ctx, async (trx) => {
    const result: ImportSlosResult = { created: [], updated: [], unchanged: [] };
    const audit: AuditChange[] = [];
    const now = ctx.clock.now();
    for (const spec of specs) {
      const before = await trx
        .selectFrom('slos')
        .selectAll()
        .where('name', '=', spec.name)
        .forUpdate()
        .executeTakeFirst();
      if (!before) {
        const row = await insertSlo(trx, spec, input.origin ?? 'import', now);
        result.created.push(spec.name);
        audit.push({
          action: 'slo.create',
          targetType: 'slo',
          targetId: row.id,
          summary: `imported SLO ${spec.name}`,
          after: spec,
        });
      } else if (sameSpec(before.spec, spec)) {
        result.unchanged.push(spec.name);
      } else {
        await replaceSlo(trx, before, spec, now);
        result.updated.push(spec.name);
        audit.push({
          action: 'slo.update',
          targetType: 'slo',
          targetId: before.id,
          summary: `imported SLO ${spec.name}`,
          before: before.spec,
          after: spec,
        });
      }
    }
    return { result, audit };
  });
}
