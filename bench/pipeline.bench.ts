/**
 * `npm run bench -- pipeline` (issue 14): computes a study cold into a fresh temporary store, in this process (the
 * compute workers are threads of it, so `process.resourceUsage().maxRSS` covers them), and prints the wall time
 * until every artifact is stored (what `npm start` waits for before it serves), the compute time per stage kind
 * summed from the provenance `durationMs` of the stored artifacts, the peak RSS (and the RSS high-water mark seen
 * while each stage kind was the latest to report progress, sampled every 250 ms: where the memory goes), the
 * PyTorch peer of the study's network (bench/torch-peer.ts) beside this project's own forward and input gradient
 * per image, and one similarity draw against its hardware bound at block_0's size (bench/draw-bound.ts), all in
 * one run.
 *
 * `npm run bench -- pipeline --study ci-small` (or ARSA_BENCH_STUDY): a study in seed/, default zhang2021 (about
 * 15 minutes on a 2-core machine; ci-small takes a few). ARSA_BENCH_KEEP=1 keeps the store (its path is printed),
 * ARSA_BENCH_SKIP=bound,torch,network skips those figures; the usual ARSA_* configuration applies (ARSA_WORKERS,
 * ARSA_GRAM, ...).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/src/config/config.js';
import { matrix } from '../server/src/core/matrix.js';
import { Rng } from '../server/src/core/rng.js';
import { openStore } from '../server/src/store/open.js';
import { createStudyService } from '../server/src/study/study-service.js';
import { loadStudy } from '../server/src/study/definition/load.js';
import { drawBoundReport } from './draw-bound.js';
import { speed } from './networks.bench.js';
import { torchPeer } from './torch-peer.js';

/** The torchvision architecture that stands in for a registry network (MobileNetV1 has none: V2 is the nearest). */
function torchName(network: string): string {
  return network.startsWith('alexnet') ? 'alexnet' : 'mobilenet_v2';
}

export default async function bench(): Promise<void> {
  const study = process.env.ARSA_BENCH_STUDY ?? 'zhang2021'; // `--study <id>` sets it (bench/index.ts)
  const dir = mkdtempSync(join(tmpdir(), 'arsa-bench-pipeline-'));
  const config = loadConfig({ ...process.env, ARSA_STUDY: study, ARSA_STORE: join(dir, 'store.sqlite') });
  console.log(`study ${study}: cold compute into ${dir}, ${config.workers} workers, Gram ${process.env.ARSA_GRAM ?? 'wasm'}`);
  const skip = new Set((process.env.ARSA_BENCH_SKIP ?? '').split(','));
  const t0 = performance.now();
  const store = openStore(config);
  const highWater = new Map<string, number>();
  let current = 'start';
  const sample = (): void => {
    const rss = process.memoryUsage.rss();
    if (rss > (highWater.get(current) ?? 0)) highWater.set(current, rss);
  };
  const timer = setInterval(sample, 250);
  try {
    const svc = await createStudyService(config, { store });
    let r: { computed: number; cached: number };
    try {
      r = await svc.compute((e) => {
        sample();
        current = e.stage;
      });
    } finally {
      clearInterval(timer);
      await svc.close?.();
    }
    const wall = (performance.now() - t0) / 1000;
    const perKind = new Map<string, { ms: number; n: number; gram: Set<string> }>();
    for (const info of await store.list()) {
      const pv = info.provenance as unknown as { durationMs?: number; gramBackend?: string };
      const e = perKind.get(info.kind) ?? { ms: 0, n: 0, gram: new Set<string>() };
      e.ms += pv.durationMs ?? 0;
      e.n += 1;
      if (pv.gramBackend) e.gram.add(pv.gramBackend);
      perKind.set(info.kind, e);
    }
    const total = [...perKind.values()].reduce((s, e) => s + e.ms, 0);
    console.log(`  ${r.computed} artifacts computed (${r.cached} cached) in ${wall.toFixed(1)} s wall to serving; stage compute sums to ${(total / 1000).toFixed(1)} s`);
    for (const [kind, e] of [...perKind.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
      const gram = e.gram.size ? `  (Gram ${[...e.gram].join(', ')})` : '';
      console.log(`    ${kind.padEnd(20)} ${(e.ms / 1000).toFixed(1).padStart(8)} s  ${String(e.n).padStart(3)} artifacts${gram}`);
    }
    console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 2 ** 20).toFixed(2)} GiB (this process, worker threads included; goal <= 3 GiB)`);
    const gib = (b: number) => (b / 2 ** 30).toFixed(2);
    console.log(`  RSS high-water by the stage last reporting progress: ${[...highWater.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${gib(v)}`).join(', ')} GiB`);
  } finally {
    await store.close();
    if (process.env.ARSA_BENCH_KEEP === '1') console.log(`  store kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  const network = loadStudy(config.study, { imagesDir: config.imagesDir }).network;
  if (!skip.has('torch')) {
    // the peer on all cores and on one thread (on a loaded machine the threaded run can be the slower per image)
    const name = torchName(network);
    for (const threads of [...new Set([config.workers, 1])]) {
      const peer = torchPeer([name], threads);
      const t = peer?.nets[name];
      if (peer && t) console.log(`  PyTorch ${peer.torch} torchvision ${name} (peer of ${network}), ${peer.threads} thread(s), batch ${peer.batch}: forward ${t.forward.toFixed(1)} ms/image (CPU ${t.forwardCpu.toFixed(1)}), input gradient ${t.gradient.toFixed(1)} (CPU ${t.gradientCpu.toFixed(1)})`);
    }
    if (!skip.has('network')) await speed(network, config.workers > 1);
  }
  if (skip.has('bound')) return;
  // the bound of today's slowest stage (similarity.layer of block_0), in the same run
  const n = 40;
  const p = 112 * 112 * 16;
  const rng = new Rng(p);
  const base = Float32Array.from({ length: n * p }, () => rng.normal());
  const kinds = [0.5, 2, 1, 1].map((noise) => matrix(n, p, Float32Array.from(base, (v) => Math.max(0, v + noise * rng.normal()))));
  await drawBoundReport('one block_0 draw (synthetic ReLU rows)', kinds);
}
