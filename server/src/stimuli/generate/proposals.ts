import type { Rng } from '../../core/rng.js';
import type { Network } from '../../networks/types.js';
import { batchOf, quantizeInPlace } from './pixels.js';
import type { RandomSearchParams } from './types.js';

/**
 * How the AI search proposes noisy copies of an image. Both draw per-pixel noise from U[-a, a] (paper: "uniform
 * distribution -5 to 5"); every proposal is rounded and clipped to integral [0, 255]; the caller keeps the best
 * proposal only if it raises P(target) (the paper's accept/reject rule) and stops at P(target) > threshold.
 *
 * - uniform: the Frontiers text taken literally: u ~ U[-a, a] i.i.d. per pixel, `candidates` independent draws
 *   (with `antithetic`, in pairs +u / -u). Black-box: forward passes only.
 * - gradient_sign: the noise magnitude |u| with u ~ U[-a, a] per pixel, its sign taken from the gradient of
 *   log P(target) at the current image; candidate k scales the amplitude by 2^-k (a small line search). This
 *   follows the authors' CCN 2018 description ("the similar optimization approach that began from the
 *   corresponding RE images") with the Frontiers amplitude, accept rule and stopping criterion; one input
 *   gradient per step. Measured on MobileNets, 'uniform' does not reach P > 0.5 within hundreds of steps (the
 *   per-pixel noise is almost orthogonal to every useful direction in 10^4-10^5 dimensions), see the report in
 *   bench/stimuli.bench.ts.
 */
export const AI_PROPOSALS = ['uniform', 'gradient_sign'] as const;
export type AiProposal = (typeof AI_PROPOSALS)[number];

export interface ProposalContext {
  readonly net: Network;
  readonly height: number;
  readonly width: number;
  /** Current (integral) images of the active set, their targets and their noise streams. */
  readonly images: readonly Float32Array[];
  readonly targets: Int32Array;
  readonly rngs: readonly Rng[];
  readonly params: RandomSearchParams;
}

/** `candidates` proposals per active image, image-major: proposal k of image a is at a * candidates + k. */
export type ProposalFn = (ctx: ProposalContext) => Promise<{ proposals: Float32Array[]; gradients: number }>;

export const PROPOSALS = {
  uniform: async (ctx) => {
    const out: Float32Array[] = [];
    ctx.images.forEach((x, a) => out.push(...uniformProposals(x, ctx.rngs[a]!, ctx.params)));
    return { proposals: out, gradients: 0 };
  },
  gradient_sign: async (ctx) => {
    const per = ctx.height * ctx.width * 3;
    const { grad } = await ctx.net.inputGradient(batchOf(ctx.images, ctx.height, ctx.width), ctx.targets, 'logprob');
    const out: Float32Array[] = [];
    const a = ctx.params.amplitude;
    ctx.images.forEach((x, i) => {
      const g = grad.subarray(i * per, (i + 1) * per);
      const mag = new Float32Array(per);
      const rng = ctx.rngs[i]!;
      fillUniform(mag, rng, 0, a); // |U[-a, a]| is U[0, a]
      for (let k = 0; k < ctx.params.candidates; k++) {
        const scale = 2 ** -k;
        const c = new Float32Array(per);
        for (let j = 0; j < per; j++) c[j] = x[j]! + scale * mag[j]! * Math.sign(g[j]!);
        out.push(quantizeInPlace(c));
      }
    });
    return { proposals: out, gradients: 1 };
  },
} as const satisfies Record<AiProposal, ProposalFn>;

/**
 * `candidates` proposals x + u, u ~ U[-a, a] per pixel (antithetic: the second of each pair is x - u), rounded and
 * clipped.
 */
function uniformProposals(x: Float32Array, rng: Rng, params: RandomSearchParams): Float32Array[] {
  const per = x.length;
  const out: Float32Array[] = [];
  const u = new Float32Array(per);
  for (let k = 0; k < params.candidates; k++) {
    const mirror = params.antithetic && k % 2 === 1;
    if (!mirror) fillUniform(u, rng, -params.amplitude, params.amplitude);
    const c = new Float32Array(per);
    const sign = mirror ? -1 : 1;
    for (let j = 0; j < per; j++) c[j] = x[j]! + sign * u[j]!;
    out.push(quantizeInPlace(c));
  }
  return out;
}

/**
 * Fills `u` with U[lo, hi). Two 16-bit uniforms are cut from each 32-bit draw (resolution (hi - lo) / 65536, far
 * below the rounding to pixel levels), which halves the cost of the noise.
 */
function fillUniform(u: Float32Array, rng: Rng, lo: number, hi: number): void {
  const scale = (hi - lo) / 65536;
  for (let j = 0; j < u.length; j += 2) {
    const r = rng.nextUint32();
    u[j] = (r & 0xffff) * scale + lo;
    if (j + 1 < u.length) u[j + 1] = (r >>> 16) * scale + lo;
  }
}
