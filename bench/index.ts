/**
 * `npm run bench`: runs every bench/*.bench.js (compiled) in turn, or only those whose names contain one of the
 * command-line words (`npm run bench -- analysis`). Each benchmark prints its own figures. `--name value` pairs are
 * options, not filters: they set ARSA_BENCH_NAME (`npm run bench -- pipeline --study ci-small`).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only: string[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (!a.startsWith('--')) {
    only.push(a);
    continue;
  }
  const value = args[++i];
  if (value === undefined) throw new Error(`bench option ${a} needs a value (e.g. --study ci-small)`);
  process.env[`ARSA_BENCH_${a.slice(2).toUpperCase().replace(/-/g, '_')}`] = value;
}
const files = readdirSync(here).filter((f) => f.endsWith('.bench.js')).sort()
  .filter((f) => only.length === 0 || only.some((w) => f.includes(w)));
for (const f of files) {
  process.stdout.write(`\n== ${f.replace('.bench.js', '')} ==\n`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: () => Promise<void> };
  const t0 = performance.now();
  await mod.default();
  process.stdout.write(`(${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
}
