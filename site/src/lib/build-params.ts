/**
 * The parameters of one site build: the GraphQL endpoint and a build id. `adversarial-rsa site`
 * (server/src/cli/commands/site.ts) passes them to the programmatic Astro build as Vite `define` constants, so they
 * are compiled into that build's chunks: two builds in one process with different URLs cannot see each other's
 * values, and nothing is read from or written to process.env. A plain `astro build` run by hand (or a test
 * importing this module directly) has no constants; then the endpoint is ARSA_API_URL, else DEFAULT_API_URL.
 */
// Set by server/src/cli/commands/site.ts astroBuildConfig (the names are written there too).
declare const __ARSA_API_URL__: string | undefined;
declare const __ARSA_SITE_BUILD_ID__: string | undefined;

/** Default service URL (`npm start`'s default host and port). */
export const DEFAULT_API_URL = 'http://127.0.0.1:4000/graphql';

export interface SiteBuildParams {
  readonly apiUrl: string;
  /** Distinguishes builds for per-build memos (loaders.ts `once`); '' outside a parameterised build. */
  readonly buildId: string;
}

export function buildParams(env: NodeJS.ProcessEnv = process.env): SiteBuildParams {
  const url = typeof __ARSA_API_URL__ === 'string' ? __ARSA_API_URL__ : undefined;
  const id = typeof __ARSA_SITE_BUILD_ID__ === 'string' ? __ARSA_SITE_BUILD_ID__ : undefined;
  return { apiUrl: url || env.ARSA_API_URL || DEFAULT_API_URL, buildId: id ?? '' };
}
