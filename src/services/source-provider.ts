import type { Source } from '../sources/source.js';
import type { SourceRow } from '../store/schema.js';
import type { SecretBox } from '../store/secret-box.js';

/** Makes a live connection from a source's kind and its config with secrets opened. */
export type SourceFactory = (kind: string, config: Record<string, unknown>) => Source;

/**
 * Hands out one live connection per source and reuses it across runs (a connection pool per
 * warehouse, not one per check); a source edited since is reconnected.
 */
export class SourceProvider {
  private readonly live = new Map<string, { version: number; source: Source }>();

  constructor(
    private readonly factory: SourceFactory,
    private readonly secrets: SecretBox,
  ) {}

  get(row: SourceRow): Source {
    const version = row.updated_at.getTime();
    const cached = this.live.get(row.id);
    if (cached && cached.version === version) return cached.source;
    if (cached) void cached.source.close().catch(() => undefined);
    const opened = row.secrets ? this.secrets.open(row.secrets) : {};
    const source = this.factory(row.kind, { ...row.config, ...opened });
    this.live.set(row.id, { version, source });
    return source;
  }

  async closeAll(): Promise<void> {
    const all = [...this.live.values()];
    this.live.clear();
    await Promise.allSettled(all.map((s) => s.source.close()));
  }
}
