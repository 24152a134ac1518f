import { AppError, notFound } from '../../domain/errors.js';
import type { SloSpec } from '../../domain/slo/model.js';
import { formatIssuePath } from '../../config.js';
import type { Executor } from '../../store/executor.js';
import type { SloRow } from '../../store/schema-slos.js';
import { sloInputSchema } from './slo-schema.js';
import { storableJson } from '../../ingest/shared/storable.js';

/** Validates an SLO given by a person or a file; every problem comes back with its path. */
export function parseSloSpec(input: unknown): SloSpec {
  // Names, queries and labels the store can keep: NUL and lone surrogates become U+FFFD.
  const storable = storableJson(input);
  if (!storable.ok) {
    const details = storable.errors.map((e) => ({
      path: e.path.slice(1).replaceAll('/', '.'),
      message: e.message,
    }));
    throw new AppError('VALIDATION_FAILED', `invalid SLO: ${details.map((d) => d.path).join(', ')}`, details);
  }
  const parsed = sloInputSchema.safeParse(storable.value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message }));
    throw new AppError('VALIDATION_FAILED', `invalid SLO: ${details.map((d) => d.path).join(', ')}`, details);
  }
  return parsed.data as SloSpec;
}

export async function findSlo(db: Executor, name: string, lock = false): Promise<SloRow> {
  let q = db.selectFrom('slos').selectAll().where('name', '=', name);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('SLO', name);
  return row;
}

/** An SLO for the API and the audit trail: its spec with its identity and last evaluation. */
export function sloView(row: SloRow) {
  return {
    id: row.id,
    ...row.spec,
    origin: row.origin,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastEvaluation: row.last_evaluation,
  };
}

export type SloView = ReturnType<typeof sloView>;
