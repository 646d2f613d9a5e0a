import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources; `npm test` compiles first so that the CLI and worker tests can use dist/.
export default defineConfig({
  // graphql ships index.mjs (picked by Vite's "module" field) and index.js (what Node, and so type-graphql and
  // @apollo/server, load): two realms make "Cannot use GraphQLSchema from another module or realm". Pin the one
  // Node uses.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
