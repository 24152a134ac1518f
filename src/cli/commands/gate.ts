import type { Command } from 'commander';
import { checkAssetHealth } from '../../services/incidents/asset-health.js';
import { CLI_ACTOR, withVigil } from '../load.js';

/**
 * `vigil gate ASSET`: the circuit breaker for pipelines without HTTP access to Vigil. Exits 0
 * when the asset is healthy, 1 when a firing alert or an open incident holds it, 2 on errors.
 */
export function gateCommand(program: Command): void {
  program
    .command('gate')
    .description(
      'Exit 1 if ASSET has a firing alert or an open incident (run it before a pipeline reads ASSET)',
    )
    .argument('<asset>', 'the asset name, as monitors and incidents name it (e.g. main.orders)')
    .option('--upstream', 'also hold the pipeline for anything upstream of the asset, walking lineage')
    .option('--caller <name>', 'who asks, written on the incident timeline', 'vigil gate')
    .option('--json', 'print the decision as JSON')
    .action((asset: string, opts: { upstream?: boolean; caller: string; json?: boolean }) =>
      withVigil(async (vigil) => {
        const ctx = { ...vigil.systemContext, actor: CLI_ACTOR };
        const health = await checkAssetHealth({
          ctx,
          input: { asset, upstream: Boolean(opts.upstream), caller: opts.caller },
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(health, null, 2)}\n`);
        else if (health.healthy) process.stdout.write(`${asset}: healthy\n`);
        else process.stdout.write(`${asset}: unhealthy\n${health.reasons.map((r) => `  - ${r}\n`).join('')}`);
        process.exitCode = health.healthy ? 0 : 1;
      }),
    );
}
