import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_MAPPINGS, parseWebhookMapping } from './index.js';

// docs/ingest.md shows the example mappings; they must be the ones the tests prove against real bodies.
const doc = readFileSync(new URL('../../../docs/ingest.md', import.meta.url), 'utf8');

describe('docs/ingest.md', () => {
  it.each(Object.keys(EXAMPLE_MAPPINGS))('shows the %s mapping exactly as tested', (name) => {
    const m = new RegExp(`<!-- mapping: ${name} -->\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
    expect(m, `no ${name} mapping block in docs/ingest.md`).not.toBeNull();
    const shown = JSON.parse(m![1]!) as unknown;
    expect(shown).toEqual(EXAMPLE_MAPPINGS[name as keyof typeof EXAMPLE_MAPPINGS]);
    expect(parseWebhookMapping(shown).ok).toBe(true);
  });
});
