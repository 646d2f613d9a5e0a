// Astro config for the figure site. The site is static: every page and figure is rendered at build time from the
// service's GraphQL queries (site/src/lib/loaders.ts); `adversarial-rsa site` runs this build against a live service.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';

// The operations the loaders run (site/src/lib/graphql.ts), located from this file so that any outDir works.
process.env.ARSA_OPERATIONS_DIR ??= fileURLToPath(new URL('../schema/operations', import.meta.url));

export default defineConfig({
  output: 'static',
  outDir: './dist',
  // Pages are served by the service at `/` (server/src/http), so links are root-relative.
  base: '/',
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  // Figures are pre-rendered SVG; nothing is hydrated on the client.
  devToolbar: { enabled: false },
  vite: {
    // linkedom and Plot run only at build time (SSR); keep them external so Node resolves them from the root.
    ssr: { external: ['linkedom', '@observablehq/plot'] },
  },
});
