/**
 * Build-time GraphQL transport for the site: the operations are the committed documents in
 * schema/operations/*.graphql (the same the API tests and clients use), POSTed to the service's /graphql. The
 * loaders run them as typed documents (generated/graphql.ts, `npm run codegen`), so each result has its
 * operation's generated type; runOperation posts one by name from the .graphql files (for an operation not yet
 * generated). Any GraphQL error, HTTP failure or missing data fails the build with the operation's name (house
 * style 14).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { buildParams } from './build-params.js';

export { DEFAULT_API_URL } from './build-params.js';

/** This build's endpoint (build-params.ts: the build's parameter, else ARSA_API_URL, else the default). */
export function apiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return buildParams(env).apiUrl;
}

/** The service's root (for relative download and image URLs): the API URL without its /graphql path. */
export function serverRoot(url = apiUrl()): string {
  return url.replace(/\/graphql\/?$/, '');
}

/** Thrown for any failure of an operation: names the operation and what went wrong. */
export class SiteDataError extends Error {
  constructor(readonly operation: string, message: string) {
    super(`site data: operation ${operation}: ${message}`);
  }
}

/**
 * schema/operations of the checkout: ARSA_OPERATIONS_DIR (set by site/astro.config.mjs), else found upwards from
 * this module (site/src/lib under vitest; a bundled chunk under the build's outDir) or from the working directory.
 */
export function operationsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ARSA_OPERATIONS_DIR) return env.ARSA_OPERATIONS_DIR;
  for (const start of [fileURLToPath(new URL('.', import.meta.url)), process.cwd()]) {
    let dir = resolve(start);
    for (let i = 0; i < 8; i++) {
      const candidate = join(dir, 'schema', 'operations');
      if (existsSync(candidate)) return candidate;
      dir = dirname(dir);
    }
  }
  throw new SiteDataError('(all)', 'schema/operations not found; set ARSA_OPERATIONS_DIR');
}

export interface OperationDoc {
  readonly name: string;
  /** The operation plus every fragment it uses (transitively), printed. */
  readonly text: string;
  readonly variables: readonly string[];
}

/** Parses every .graphql file of `dir`: operation name -> document with its fragments. */
export function loadOperations(dir = operationsDir()): Map<string, OperationDoc> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort();
  if (files.length === 0) throw new SiteDataError('(all)', `no .graphql operations in ${dir}`);
  const defs: DefinitionNode[] = files.flatMap((f) => parse(readFileSync(join(dir, f), 'utf8')).definitions);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of defs) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const ops = new Map<string, OperationDoc>();
  for (const d of defs) {
    if (d.kind !== Kind.OPERATION_DEFINITION || !d.name) continue;
    const used = new Set<string>();
    const walk = (node: OperationDefinitionNode | FragmentDefinitionNode) => visit(node, {
      FragmentSpread(s) {
        if (used.has(s.name.value)) return;
        used.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (!f) throw new SiteDataError(d.name!.value, `uses unknown fragment ${s.name.value}`);
        walk(f);
      },
    });
    walk(d);
    const text = [print(d), ...[...used].map((n) => print(fragments.get(n)!))].join('\n\n');
    ops.set(d.name.value, { name: d.name.value, text, variables: (d.variableDefinitions ?? []).map((v) => v.variable.name.value) });
  }
  return ops;
}

/** Operations per (directory, build id): re-read for every build, since the documents may change between builds. */
let cache: { key: string; ops: Map<string, OperationDoc> } | undefined;

/** POSTs operation `name` (read from schema/operations) with its declared `variables`; returns `data` or throws SiteDataError. */
export async function runOperation<T>(name: string, variables: Record<string, unknown> = {}, url = apiUrl()): Promise<T> {
  const key = `${operationsDir()}|${buildParams().buildId}`;
  if (cache?.key !== key) cache = { key, ops: loadOperations() };
  const op = cache.ops.get(name);
  if (!op) throw new SiteDataError(name, `not found in ${operationsDir()}; known: ${[...cache.ops.keys()].sort().join(', ')}`);
  const vars = Object.fromEntries(Object.entries(variables).filter(([k]) => op.variables.includes(k)));
  return post<T>(name, op.text, vars, url);
}

/** Operation name and printed text of a generated document, printed once per document. */
const printed = new WeakMap<object, { name: string; text: string }>();
function documentText(doc: TypedDocumentNode<unknown, never>): { name: string; text: string } {
  let p = printed.get(doc);
  if (!p) {
    const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!op?.name) throw new SiteDataError('(anonymous)', 'a generated document without a named operation');
    p = { name: op.name.value, text: print(doc) };
    printed.set(doc, p);
  }
  return p;
}

/** The operation name of a generated document (what errors name). */
export function operationName(doc: TypedDocumentNode<unknown, never>): string {
  return documentText(doc).name;
}

/** Runs a generated typed document (generated/graphql.ts); the result has the operation's generated type. */
export async function runDocument<R, V>(doc: TypedDocumentNode<R, V>, variables?: V, url = apiUrl()): Promise<R> {
  const { name, text } = documentText(doc as TypedDocumentNode<unknown, never>);
  return post<R>(name, text, (variables ?? {}) as Record<string, unknown>, url);
}

/** A connection as the operations select it: one page of nodes and where the next starts. */
export interface Page {
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly nodes: readonly unknown[];
}
/** The fields of a result type that are paged connections. */
export type PagedField<R> = { [K in keyof R]: R[K] extends Page ? K : never }[keyof R];

/**
 * Runs `doc` and follows `pageInfo.endCursor` of the connection at `field` (the one `$after` pages) until the last
 * page; returns the first page's data with every node at `field`.
 */
export async function runPages<R, V extends { readonly after?: string | null }>(
  doc: TypedDocumentNode<R, V>, field: PagedField<R>, variables: V, url = apiUrl(),
): Promise<R> {
  const first = await runDocument(doc, variables, url);
  let conn = first[field] as Page;
  const nodes = [...conn.nodes];
  let guard = 0;
  while (conn.pageInfo.hasNextPage && conn.pageInfo.endCursor && guard++ < 1000) {
    conn = (await runDocument(doc, { ...variables, after: conn.pageInfo.endCursor }, url))[field] as Page;
    nodes.push(...conn.nodes);
  }
  return { ...first, [field]: { ...conn, nodes } };
}

async function post<T>(name: string, query: string, variables: Record<string, unknown>, url: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, operationName: name, variables }),
    });
  } catch (e) {
    throw new SiteDataError(name, `no answer from ${url} (${(e as Error).message}); start the service (npm start) or use \`adversarial-rsa site\``);
  }
  const text = await res.text();
  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new SiteDataError(name, `HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (body.errors?.length) {
    throw new SiteDataError(name, body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }
  if (!res.ok || body.data == null) throw new SiteDataError(name, `HTTP ${res.status} without data`);
  return body.data;
}

/** Throws SiteDataError when `items` is empty: a figure must never be drawn from nothing. */
export function nonEmpty<T>(operation: string, what: string, items: readonly T[] | null | undefined): readonly T[] {
  if (!items || items.length === 0) throw new SiteDataError(operation, `returned no ${what}`);
  return items;
}

/** Every `provenanceKey` string anywhere in a result (the store keys a page was built from), sorted, unique. */
export function provenanceKeys(data: unknown): string[] {
  const keys = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'provenanceKey' && typeof x === 'string') keys.add(x);
        else if (k === 'provenance' && x && typeof x === 'object' && typeof (x as { key?: unknown }).key === 'string') keys.add((x as { key: string }).key);
        else walk(x);
      }
    }
  };
  walk(data);
  return [...keys].sort();
}
