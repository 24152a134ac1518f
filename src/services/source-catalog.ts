import { checkUrlLiteral, type OutboundPolicy, outboundPolicy } from '../net/outbound-guard.js';
import type { SourceDefinition } from '../sources/definition.js';
import { secretFieldsOf, splitSecrets } from '../sources/config.js';
import type { SourceHooks } from '../sources/source.js';
import type { SourceValidator } from './apply-declared.js';
import type { SourceFactory } from './source-provider.js';

/**
 * The engines Vigil can connect to, seen from the use cases: validate a kind's fields (with field
 * paths), split them into shown config and sealed secrets, and open a connection.
 */
export interface SourceCatalog {
  kinds: string[];
  validate: SourceValidator;
  factory: SourceFactory;
  secretFields(kind: string): string[];
}

/**
 * Save-time check of the addresses an HTTP source reaches: IP literals and metadata host names
 * are judged here; a host name is judged by its addresses each time a request is sent.
 */
function refusedTargets(def: SourceDefinition, config: unknown, policy: OutboundPolicy) {
  const refused: Array<{ path: string; message: string }> = [];
  for (const target of def.targets?.(config as never) ?? []) {
    const verdict = checkUrlLiteral(target.url, policy);
    if (!verdict.ok)
      refused.push({
        path: target.field,
        message: `${verdict.reason}; an admin may allow it in security.allowOutboundCidrs`,
      });
  }
  return refused;
}

export function createSourceCatalog(definitions: SourceDefinition[], hooks: SourceHooks = {}): SourceCatalog {
  const byKind = new Map(definitions.map((d) => [d.kind, d]));
  const validate: SourceValidator = (kind, fields) => {
    const def = byKind.get(kind);
    if (!def)
      return {
        ok: false,
        errors: [
          {
            path: 'kind',
            message: `unknown source kind "${kind}" (one of ${[...byKind.keys()].join(', ')})`,
          },
        ],
      };
    const parsed = def.schema.safeParse({ ...fields, kind });
    if (!parsed.success) {
      return {
        ok: false,
        errors: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      };
    }
    const refused = refusedTargets(def, parsed.data, hooks.outbound ?? outboundPolicy());
    if (refused.length > 0) return { ok: false, errors: refused };
    const { kind: _kind, ...rest } = parsed.data as Record<string, unknown>;
    return { ok: true, ...splitSecrets(rest, secretFieldsOf(def.schema)) };
  };
  return {
    kinds: [...byKind.keys()],
    validate,
    secretFields: (kind) => {
      const def = byKind.get(kind);
      return def ? secretFieldsOf(def.schema) : [];
    },
    factory: (kind, config) => {
      const def = byKind.get(kind);
      if (!def) throw new Error(`unknown source kind ${kind}`);
      return def.create(def.schema.parse({ ...config, kind }), hooks);
    },
  };
}
