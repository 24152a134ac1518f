import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors.js';

it('docs/errors.md lists exactly the codes the code can answer, with the same HTTP status', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const documented = Object.fromEntries(
    [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]),
  );
  const inCode = Object.fromEntries(Object.entries(ERROR_CODES).map(([code, v]) => [code, v.status]));
  expect(documented).toEqual(inCode);
});
