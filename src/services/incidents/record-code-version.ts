import { mutate, type ServiceContext } from '../context.js';

export const CODE_VERSION_KINDS = ['dbt_checksum', 'job_version', 'deploy'] as const;
export type CodeVersionKind = (typeof CODE_VERSION_KINDS)[number];

/**
 * Records the version of the code that writes an asset (a deploy marker from CI, a dbt model's
 * checksum, a job's git SHA). A version seen before is kept with its first sighting, so only a
 * real change shows up in "what changed?".
 */
export async function recordCodeVersion({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: {
    asset: string;
    version: string;
    kind: CodeVersionKind;
    note?: string | undefined;
    at?: Date | undefined;
  };
}): Promise<{ created: boolean }> {
  return mutate(ctx, async (trx) => {
    const at = input.at ?? ctx.clock.now();
    const row = await trx
      .insertInto('code_versions')
      .values({
        asset: input.asset,
        version: input.version,
        kind: input.kind,
        seen_at: at,
        reported_by: ctx.actor.name,
        note: input.note ?? '',
      })
      .onConflict((oc) => oc.columns(['asset', 'version']).doNothing())
      .returning('version')
      .executeTakeFirst();
    return {
      result: { created: Boolean(row) },
      audit: {
        action: 'code_version.record',
        targetType: 'asset',
        targetId: input.asset,
        summary: `${input.kind} ${input.version} on ${input.asset}${row ? '' : ' (seen before)'}`,
      },
    };
  });
}
