import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources; `npm test` compiles first so that the CLI and worker tests can use dist/.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
