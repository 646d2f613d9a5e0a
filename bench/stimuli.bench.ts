/**
 * Time to generate a study's AN and AI images (default zhang2021: 40 + 40) with its network on all cores
 * (config.workers, default: number of cores), plus convergence figures: converged count, steps (median/max),
 * network evaluations, median PSNR/SSIM against RE. Goal (issue "Stimuli"): 40 AN + 40 AI in under 5 minutes on 2
 * cores. ARSA_STUDY picks another study (ci-small); BENCH_KINDS=AN,AI,AI_CONTROL picks the kinds. CPU time (all
 * threads) is printed beside wall time because on a shared machine wall time mostly measures the other load.
 *
 * Measured (zhang2021, mobilenet_v2_qat, wasm, 2 workers, machine load average ~15 on 2 cores):
 *   AN 303.7 s: 40/40 converged, steps median 13.5 max 53, 684 input gradients (444 ms each);
 *   AI 149.2 s: 40/40 converged (gradient_sign), steps median 4 max 12, 1090 evaluations, PSNR median 37.64 dB.
 * The same loop in PyTorch 1.13 (environment.md: MobileNetV2 gradient 50.1, forward 13.0 ms/image, 2 threads):
 *   AN 684 x 50.1 ms = 34 s, AI 210 gradients + 880 forwards = 22 s, about 56 s in all.
 */
import { loadConfig } from '../server/src/config/config.js';
import { loadNetwork } from '../server/src/networks/load.js';
import { GENERATORS, type GeneratedKind } from '../server/src/stimuli/generate/index.js';
import { loadStudy } from '../server/src/study/definition/load.js';
import { imageNetMean, meanSource } from '../server/src/stimuli/mean.js';
import { perturbationMetrics } from '../server/src/stimuli/metrics.js';
import { loadReImages, studyTargets } from '../server/src/stimuli/re.js';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export default async function stimuliBench(): Promise<void> {
  const config = loadConfig();
  const study = loadStudy(config.study, { imagesDir: config.imagesDir });
  const kinds = (process.env.BENCH_KINDS ?? 'AN,AI').split(',') as GeneratedKind[];
  const net = await loadNetwork(config, { name: study.network });
  try {
    const size = net.spec.inputSize;
    const per = size * size * 3;
    let t = performance.now();
    const re = await loadReImages(study, config.imagesDir, size);
    const mean = await imageNetMean(meanSource(config.imagesDir).files, size, study.preprocessing.mode);
    const meanSecs = (performance.now() - t) / 1000;
    const { classes, targets } = studyTargets(study);
    process.stdout.write(`study ${study.id}: ${re.n} images, ${net.spec.name} (${size} px, ${study.preprocessing.mode}) on ${net.backend}, ${config.workers} worker(s); ImageNet mean of 1000 photos ${meanSecs.toFixed(1)} s\n`);
    let total = 0;
    for (const kind of kinds) {
      t = performance.now();
      const cpu0 = process.cpuUsage();
      const out = await GENERATORS[kind](net, { re, classes, targets, mean }, study.generation[kind] as never);
      const secs = (performance.now() - t) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuSecs = (cpu.user + cpu.system) / 1e6; // all threads of the process, workers included
      total += secs;
      const m = out.map((r) => perturbationMetrics(re.data.subarray(r.index * per, (r.index + 1) * per), r.image, size, size));
      const evals = out.reduce((a, r) => a + r.evaluations, 0);
      process.stdout.write(
        `${kind.padEnd(10)} ${secs.toFixed(1).padStart(6)} s wall, ${cpuSecs.toFixed(1)} s CPU  converged ${out.filter((r) => r.converged).length}/${out.length}  ` +
        `steps median ${median(out.map((r) => r.steps))} max ${Math.max(...out.map((r) => r.steps))}  evaluations ${evals} ` +
        `(${((secs * 1000) / evals).toFixed(0)} ms each)  p(target) min ${Math.min(...out.map((r) => r.targetProbability)).toFixed(3)}  ` +
        `PSNR median ${median(m.map((x) => x.psnr)).toFixed(2)} dB  SSIM median ${median(m.map((x) => x.ssim)).toFixed(3)}  L-inf median ${median(m.map((x) => x.linf))}\n`,
      );
    }
    process.stdout.write(`total ${kinds.join(' + ')}: ${total.toFixed(1)} s (goal for AN + AI: < 300 s on 2 cores)\n`);
  } finally {
    await net.dispose();
  }
}
