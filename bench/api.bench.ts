/**
 * Load test of the API on loopback (issue 6): a cached similarity query through the full server (node:http +
 * Apollo + limits + cache), against the ceiling of a minimal Apollo server answering a constant on the same
 * machine. autocannon runs in a worker thread so that the server keeps the main event loop. Goal on 2 cores:
 * > 1000 requests/s and p99 < 50 ms for the similarity query. Each run lasts ARSA_BENCH_SECONDS (default 10).
 */
import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadConfig } from '../server/src/config/config.js';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { buildApiSchema } from '../server/src/graphql/schema.js';
import { depthLimit, noSubscriptions, operationCost } from '../server/src/graphql/limits.js';
import { createApiServer } from '../server/src/http/server.js';
import type { StudyService } from '../server/src/study/service.js';

/** The part of autocannon's API used here (the package ships no types). */
type Autocannon = (o: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number;
}>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SECONDS = Number(process.env.ARSA_BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const QUERY = '{ similarities(sourceKind: LAYER) { totalCount nodes { source { layer } pair value ciLow ciHigh p provenance { key } } } }';

interface Figures { rps: number; p50: number; p99: number; errors: number; non2xx: number; requests: number }

async function load(url: string, body: string): Promise<Figures> {
  const r = await autocannon({
    url, method: 'POST', headers: { 'content-type': 'application/json' }, body,
    connections: CONNECTIONS, duration: SECONDS, workers: 1,
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, requests: r.requests.total };
}

function line(name: string, f: Figures): string {
  return `${name.padEnd(34)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${f.p50.toFixed(1).padStart(5)} ms   p99 ${f.p99.toFixed(1).padStart(5)} ms   (${f.requests} requests, ${f.errors} errors, ${f.non2xx} non-2xx)`;
}

/** The configured study (default ci-small) when the pipeline can open it; else the test double, said loudly. */
async function benchStudy(): Promise<{ study: StudyService; label: string; close: () => Promise<void> }> {
  const config = loadConfig({ ...process.env, ARSA_STUDY: process.env.ARSA_STUDY ?? 'ci-small' });
  try {
    const { openStudy } = await import('../server/src/cli/open-study.js');
    // No precompute: the warm-up request computes what the similarity query needs (a cold store: minutes).
    const study = await openStudy(config);
    return { study, label: `study ${config.study} (pipeline service, store ${config.storePath})`, close: async () => { await study.close?.(); } };
  } catch (e) {
    const { FakeStudy } = await import('../tests/api/fake-study.js');
    return { study: new FakeStudy(), label: `TEST DOUBLE study (tests/api/fake-study.ts): the pipeline service could not be opened: ${(e as Error).message.split('\n')[0]}`, close: async () => {} };
  }
}

/** Fragment-doubling document (issue 13 item 1): F_k spreads F_(k-1) twice; the query spreads F_levels. */
function doubling(levels: number): string {
  const parts = ['fragment F0 on Query { __typename }'];
  for (let i = 1; i <= levels; i++) parts.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
  return `query { ...F${levels} }\n${parts.join('\n')}`;
}

async function post(url: string, query: string): Promise<{ ms: number; status: number; code: string }> {
  const t0 = performance.now();
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const b = (await r.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { ms: performance.now() - t0, status: r.status, code: b.errors?.[0]?.extensions?.code ?? 'ok' };
}

/** Median time of `n` sequential requests. */
async function median(url: string, query: string, n = 9): Promise<{ ms: number; status: number; code: string }> {
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await post(url, query));
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(n / 2)]!;
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * Peak RSS (MiB) of this process while `n` distinct queries are sent, 20 at a time, and the heap still used after
 * a full collection (what the server keeps: RSS also holds garbage not yet collected and the client's buffers).
 */
async function peakRss(url: string, query: (i: number) => string, n: number): Promise<{ before: number; peak: number; after: number; heapBefore: number; heapAfter: number }> {
  gc();
  const mib = (): number => process.memoryUsage().rss / 2 ** 20;
  const heapBefore = process.memoryUsage().heapUsed / 2 ** 20;
  const before = mib();
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, mib()); }, 20);
  for (let i = 0; i < n; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, n - i) }, (_, j) => post(url, query(i + j))));
  }
  clearInterval(timer);
  peak = Math.max(peak, mib());
  gc();
  return { before, peak, after: mib(), heapBefore, heapAfter: process.memoryUsage().heapUsed / 2 ** 20 };
}

/**
 * Issue 13 DoS lines: time to answer the fragment-doubling document at 20 and 30 levels (validation and limits:
 * the API refuses it by complexity, graphql-js alone answers it), and peak RSS while 20,000 distinct filter
 * values arrive; each beside the constant-answer Apollo server (graphql-js's own validation, no project limits)
 * in the same run. Server and client share this process, so RSS includes the client side for both.
 */
async function hostile(api: string, constant: string): Promise<void> {
  // Validation alone, in this process: the API's rules (graphql-js's, the depth rule, then the cost walk) against
  // graphql-js's own rules on the constant server's schema.
  const apiSchema = await buildApiSchema();
  const constantSchema = buildSchema('type Query { hello: String }');
  const best = (f: () => void): number => {
    let m = Infinity;
    for (let i = 0; i < 7; i++) { const t0 = performance.now(); f(); m = Math.min(m, performance.now() - t0); }
    return m;
  };
  for (const levels of [20, 30]) {
    const doc = parse(doubling(levels));
    const ours = best(() => {
      validate(apiSchema, doc, [...specifiedRules, depthLimit(), noSubscriptions]);
      operationCost(apiSchema, doc, undefined, {});
    });
    const theirs = best(() => validate(constantSchema, doc, specifiedRules));
    process.stdout.write(`validation of fragment doubling, ${levels} levels: API rules + depth + cost ${ours.toFixed(2)} ms; graphql-js rules alone (constant schema) ${theirs.toFixed(2)} ms (best of 7)\n`);
  }
  for (const levels of [20, 30]) {
    const a = await median(`${api}/graphql`, doubling(levels));
    const c = await median(constant, doubling(levels));
    process.stdout.write(`fragment doubling, ${levels} levels (${doubling(levels).length} B): API ${a.ms.toFixed(1)} ms (${a.status} ${a.code}); constant Apollo ${c.ms.toFixed(1)} ms (${c.status} ${c.code})\n`);
  }
  const n = Number(process.env.ARSA_BENCH_DISTINCT ?? 20_000);
  const a = await peakRss(`${api}/graphql`, (i) => `{ stimuli(group: "g${i}") { totalCount } }`, n);
  const c = await peakRss(constant, (i) => `{ a${i}: hello }`, n);
  const f = (r: { before: number; peak: number; after: number; heapBefore: number; heapAfter: number }): string =>
    `${r.before.toFixed(0)} -> peak ${r.peak.toFixed(0)} MiB, heap kept after GC ${r.heapBefore.toFixed(0)} -> ${r.heapAfter.toFixed(0)} MiB`;
  process.stdout.write(`${n} distinct filter values: API RSS ${f(a)}; constant Apollo, ${n} distinct query texts: RSS ${f(c)}\n`);
}

export default async function apiBench(): Promise<void> {
  const { study, label, close } = await benchStudy();
  process.stdout.write(`${label}\n${CONNECTIONS} connections, ${SECONDS} s per run, loopback\n`);

  const server = await createApiServer({ study, log: () => {} });
  const base = await server.listen(0, '127.0.0.1');
  // The same server without the whole-response cache: parse, validation, limits and execution per request
  // (service results still memoized).
  const executing = await createApiServer({ study, log: () => {}, responseCache: false });
  const execBase = await executing.listen(0, '127.0.0.1');
  const body = JSON.stringify({ query: QUERY });
  const t0 = performance.now();
  const warm = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const warmBody = (await warm.json()) as { data?: { similarities?: { totalCount: number } }; errors?: unknown };
  if (warmBody.errors) throw new Error(`similarity query failed: ${JSON.stringify(warmBody.errors)}`);
  process.stdout.write(`similarity query: ${warmBody.data?.similarities?.totalCount} rows, ${JSON.stringify(warmBody).length} bytes, first answer in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const api = await load(`${base}/graphql`, body);
  const exec = await load(`${execBase}/graphql`, body);

  const ceiling = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
  const { url } = await startStandaloneServer(ceiling, { listen: { port: 0, host: '127.0.0.1' } });
  const min = await load(url, JSON.stringify({ query: '{ hello }' }));
  await hostile(base, url);
  await server.close();
  await executing.close();
  await close();
  await ceiling.stop();

  process.stdout.write(`${line('similarity query (response cache)', api)}\n${line('similarity query (executed)', exec)}\n${line('ceiling: minimal Apollo constant', min)}\n`);
  process.stdout.write(`goal > 1000 req/s and p99 < 50 ms: ${api.rps > 1000 && api.p99 < 50 ? 'met' : 'NOT met'}; ${(100 * api.rps / min.rps).toFixed(0)} % of the ceiling\n`);
}
