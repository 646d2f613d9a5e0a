import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../config/config.js';

/**
 * The GraphiQL bundle of the explorer (issue 12 item 15): server/src/http/explorer-client.mjs with graphiql, react
 * and react-dom, bundled by esbuild into dist/explorer/graphiql.js and graphiql.css. Built by `npm run build`, or
 * on the first start of a server that finds it missing or older than its entry; served from this machine only.
 */
export const EXPLORER_DIR = join(PROJECT_ROOT, 'dist', 'explorer');
export const EXPLORER_FILES = ['graphiql.js', 'graphiql.css'] as const;
const ENTRY = join(PROJECT_ROOT, 'server', 'src', 'http', 'explorer-client.mjs');

function current(): boolean {
  if (!EXPLORER_FILES.every((f) => existsSync(join(EXPLORER_DIR, f)))) return false;
  if (!existsSync(ENTRY)) return true; // an installed copy without sources
  return statSync(join(EXPLORER_DIR, 'graphiql.js')).mtimeMs >= statSync(ENTRY).mtimeMs;
}

let building: Promise<boolean> | undefined;

/**
 * Builds the bundle when it is missing or stale; resolves true when it is there. False (and a reason) when it
 * cannot be built, e.g. an install without devDependencies: the server then serves the plain explorer.
 */
export function ensureExplorerBundle(log: (line: string) => void = () => {}): Promise<boolean> {
  if (current()) return Promise.resolve(true);
  building ??= buildBundle(log).finally(() => { building = undefined; });
  return building;
}

async function buildBundle(log: (line: string) => void): Promise<boolean> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (e) {
    log(`explorer: esbuild is not installed (${(e as Error).message.split('\n')[0]}); serving the plain explorer`);
    return false;
  }
  // Build beside the target and rename, so that concurrent servers never serve half a file.
  const tmp = `${EXPLORER_DIR}.tmp-${process.pid}-${Date.now()}`;
  try {
    await esbuild.build({
      entryPoints: { graphiql: ENTRY },
      outdir: tmp,
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: ['es2020'],
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
      legalComments: 'eof',
      logLevel: 'silent',
    });
    mkdirSync(EXPLORER_DIR, { recursive: true });
    for (const f of EXPLORER_FILES) renameSync(join(tmp, f), join(EXPLORER_DIR, f));
    return true;
  } catch (e) {
    log(`explorer: bundling GraphiQL failed (${(e as Error).message.split('\n')[0]}); serving the plain explorer`);
    return false;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// `node dist/server/src/http/explorer-bundle.js` (npm run build): build now, fail loudly.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ok = await ensureExplorerBundle((l) => process.stderr.write(`${l}\n`));
  if (!ok) process.exitCode = 1;
  else process.stdout.write(`explorer: GraphiQL bundle in ${EXPLORER_DIR}\n`);
}
