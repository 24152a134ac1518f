// The root config collects tests under src/ and test/ only; this one runs the bench's own tests:
// npx vitest run --config bench/nab/vitest.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['bench/nab/**/*.test.ts'], root: '.', testTimeout: 60_000, pool: 'forks' },
});
