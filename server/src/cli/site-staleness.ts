/**
 * When the built site must be rebuilt: missing, older than its sources or operations, or built for another study
 * key (study/study-key.ts). The key is stamped into the site directory after each build.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/config.js';

const SITE = join(PROJECT_ROOT, 'site');
export const SITE_DIST = join(SITE, 'dist');
/** Written into site/dist after a build: the study's provenance key, so new data also makes the site stale. */
const DATA_STAMP_NAME = '.arsa-data-key';

/** Newest modification time (ms) of the files under `path` (node_modules and dist skipped). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) if (e !== 'node_modules' && e !== 'dist' && !e.startsWith('.')) t = Math.max(t, newest(join(path, e)));
  return t;
}

/**
 * Why the built site must be (re)built, or null when `dist` (default site/dist) is current. `dataKey` is the study
 * key (summary.provenanceKey, study/study-key.ts), which differs between studies and between data sets, so
 * starting another study on the same checkout rebuilds the site instead of serving the previous study's.
 */
export function siteStaleness(dataKey: string, dist = SITE_DIST): string | null {
  if (!existsSync(SITE)) return null;
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return 'site/dist is missing';
  const built = statSync(index).mtimeMs;
  const sources = Math.max(newest(join(SITE, 'src')), newest(join(SITE, 'astro.config.mjs')), newest(join(PROJECT_ROOT, 'schema', 'operations')));
  if (sources > built) return 'site sources or operations changed since the last build';
  const stampFile = join(dist, DATA_STAMP_NAME);
  const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
  if (stamp !== dataKey) return stamp ? 'the study or its data changed since the last build' : 'site/dist has no study key (built by hand?)';
  return null;
}

/** Records the study key a build of `dist` was made from (read back by siteStaleness). */
export function writeSiteStamp(dataKey: string, dist = SITE_DIST): void {
  writeFileSync(join(dist, DATA_STAMP_NAME), `${dataKey}\n`);
}

