import { defineStage, type AnyStage } from '../../../server/src/study/stage.js';

/**
 * A toy chain of stages for the engine tests: a -> b -> c -> d, each appending its label to `log` when it
 * computes, so tests can count recomputations. `hook` runs in the middle of a stage's compute (to throw or die).
 */
export function toyChain(log: string[], opts: { scale?: number; hook?: (label: string) => Promise<void> | void } = {}): AnyStage[] {
  const scale = opts.scale ?? 2;
  const a = defineStage({
    kind: 'toy.a', version: '1', params: { n: 5 }, inputs: {},
    compute: async (_i, p, ctx) => {
      log.push('a');
      const v = new Float64Array(p.n);
      for (let i = 0; i < p.n; i++) {
        v[i] = ctx.rng.uniform();
        ctx.progress(i + 1, p.n);
      }
      await opts.hook?.('a');
      return { values: v, meta: { n: p.n } };
    },
  });
  const b = defineStage({
    kind: 'toy.b', version: '1', params: { scale }, inputs: { a },
    compute: async ({ a: av }, p) => {
      log.push('b');
      await opts.hook?.('b');
      return { values: (av.values as Float64Array).map((x) => x * p.scale) };
    },
  });
  const c = defineStage({
    kind: 'toy.c', version: '1', params: {}, inputs: { b },
    compute: async ({ b: bv }, _p, ctx) => {
      log.push('c');
      ctx.progress(1, 2, 'half');
      await opts.hook?.('c');
      ctx.progress(2, 2);
      return { sum: (bv.values as Float64Array).reduce((s, x) => s + x, 0) };
    },
  });
  const d = defineStage({
    kind: 'toy.d', version: '1', params: {}, inputs: { b, c },
    compute: async ({ b: bv, c: cv }) => {
      log.push('d');
      await opts.hook?.('d');
      return { mean: (cv.sum as number) / (bv.values as Float64Array).length };
    },
  });
  return [a, b, c, d];
}
