/**
 * Weight tensors read from a user-supplied file, before any architecture interprets them. Plain typed arrays:
 * no tfjs here, so importers are pure and cheap to test.
 */
export interface RawTensor {
  readonly name: string;
  /** Row-major shape as stored in the file (PyTorch/ONNX: OIHW for convolutions, [out, in] for linear layers). */
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** How an ONNX Conv or Gemm node uses its initializers, in graph order (the fallback when names are unknown). */
export interface ParamNode {
  readonly op: 'Conv' | 'Gemm';
  readonly weight: string;
  readonly bias: string | undefined;
}

/** 'random': generated in memory (benchmarks, tests), never read from a file. */
export type WeightsFormat = 'npz' | 'onnx' | 'random';

export interface WeightsFile {
  readonly path: string;
  readonly format: WeightsFormat;
  /** sha256 of the file's bytes, recorded in every result's provenance (NetworkSpec.weightsSha256). */
  readonly sha256: string;
  /** Float tensors by their name in the file. Gemm weights with transB = 0 are already transposed to [out, in]. */
  readonly tensors: ReadonlyMap<string, RawTensor>;
  /** ONNX only: parameter-carrying nodes in graph order. */
  readonly nodes: readonly ParamNode[];
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function shapeText(shape: readonly number[] | undefined): string {
  return shape === undefined ? 'none' : `[${shape.join(', ')}]`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Row-major 2-D transpose: [r, c] -> [c, r]. */
export function transpose2d(t: RawTensor): RawTensor {
  const [r, c] = t.shape as [number, number];
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = t.data[i * c + j]!;
  return { name: t.name, shape: [c, r], data: out };
}
