/**
 * A Gram product `X [n x p]` row-major -> `G [n x n]` (the contract of analysis/gram.ts `gram`). Injectable so a
 * faster backend (compute/gram-tfjs.ts: a float32 tfjs matMul) can replace the JS product without analysis/
 * importing tfjs, and without compute/ importing analysis/. `backend` names it for provenance (the JS one is
 * 'js-f64').
 */
export type GramFn = ((X: Float64Array | Float32Array, n: number, p: number) => Float64Array) & { readonly backend?: string };

/** What a gram module (given by URL, so worker threads can load it themselves) exports. */
export interface GramModule {
  createGram(): Promise<GramFn>;
}
