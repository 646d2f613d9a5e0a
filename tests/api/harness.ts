import { join } from 'node:path';
import { PROJECT_ROOT } from '../../server/src/config/config.js';
import { createApiServer, type ApiServer, type ApiServerOptions } from '../../server/src/http/server.js';
import { loadOperations } from '../../server/src/http/explorer.js';

export interface GqlResult {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any>; path?: unknown[] }[] };
}

export interface Running {
  url: string;
  server: ApiServer;
  logged: unknown[];
  gql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the real HTTP server on an ephemeral loopback port. Logged (masked) errors are collected, not printed. */
export async function start(o: ApiServerOptions): Promise<Running> {
  const logged: unknown[] = [];
  const server = await createApiServer({ log: (_m, e) => { logged.push(e); }, ...o });
  const url = await server.listen(0, '127.0.0.1');
  return {
    url,
    server,
    logged,
    async gql(query, variables = {}, headers = {}) {
      const r = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
      return { status: r.status, headers: r.headers, body: (await r.json()) as GqlResult['body'] };
    },
    get: (path, headers = {}) => fetch(`${url}${path}`, { headers }),
    close: () => server.close(),
  };
}

/**
 * The operations the figure site runs: by file name for a file with one operation, by operation name for each
 * operation of a file with several (a document with several operations cannot run without an operation name).
 */
export function operations(): Record<string, string> {
  // The explorer's rule (http/explorer.ts), so its tabs and these tests see the same operations.
  return Object.fromEntries(loadOperations(join(PROJECT_ROOT, 'schema', 'operations')).map((o) => [o.name, o.query]));
}

/** Variables every operation taking `$id: ID!` (a study's own operations) needs: the served study's id. */
export function studyVariables(query: string, id: string): Record<string, unknown> {
  return /\$id: ID!/.test(query) ? { id } : {};
}
