import * as tf from '@tensorflow/tfjs';
import { DomainError, unknownName } from '../../core/errors.js';
import type { TfGraph } from '../graph.js';
import type { NetworkSpec } from '../types.js';
import type { RawTensor } from '../weights/tensors.js';
import { pooledSide, type AlexnetArchitecture, type ParamName } from './architecture.js';
import { adaptiveAvgPool, applyConv, applyDense, caffeLrn, disposeConv, frozenConv, maxPool3s2, type FrozenConv, type FrozenDense } from './layers.js';
import { BVLC_MEAN_BGR, IMAGENET_MEAN_RGB, IMAGENET_STD_RGB, READOUT_NAMES } from './spec.js';

/**
 * AlexNet (either variant) as a TfGraph over weights already mapped to canonical names and shape-checked.
 *
 * Layout: tfjs runs NHWC while Caffe and PyTorch run NCHW. Convolution kernels are transposed OIHW -> HWIO, and
 * fc6's weight columns are permuted at load time from Caffe/PyTorch's C,H,W flatten order to our H,W,C order,
 * so that flattening the NHWC pool5 map gives exactly the original fc6 (W'[(h, w, c), o] = W[o, (c, h, w)]).
 *
 * Caffe preprocessing is folded into conv1, which is exact because conv1 has no padding: reading RGB instead of
 * BGR reverses conv1's input channels, and conv(x - m) = conv(x) - sum W m, a bias shift. (tfjs's Reverse on a
 * [8, 227, 227, 3] batch cost as much as conv1 itself on wasm.)
 */
export class AlexnetGraph implements TfGraph {
  private readonly convs: FrozenConv[];
  private readonly fcs: FrozenDense[];
  /** torchvision only: x * scale - shift = (x / 255 - mean) / std. */
  private readonly norm: { scale: tf.Tensor1D; shift: tf.Tensor1D } | undefined;

  constructor(
    readonly spec: NetworkSpec,
    private readonly arch: AlexnetArchitecture,
    weights: ReadonlyMap<ParamName, RawTensor>,
  ) {
    const caffeConv1 = arch.variant === 'caffe' ? foldBgrMean(weights.get('conv1.weight')!, weights.get('conv1.bias')!, arch.convs[0]!.pad) : undefined;
    const get = (n: ParamName): RawTensor =>
      (caffeConv1 !== undefined && (n === 'conv1.weight' || n === 'conv1.bias') ? caffeConv1[n] : weights.get(n)!);
    const t = (r: RawTensor) => tf.tensor(r.data, [...r.shape]);
    this.convs = arch.convs.map((c) => {
      const [w, b] = [t(get(`${c.name}.weight`)) as tf.Tensor4D, t(get(`${c.name}.bias`)) as tf.Tensor1D];
      const conv = frozenConv(w, b, c.groups, c.stride, c.pad);
      tf.dispose([w, b]);
      return conv;
    });
    const pool = arch.poolOut;
    if (arch.variant === 'caffe' && pooledSide(arch) !== pool) throw new Error(`caffe AlexNet pool5 is ${pooledSide(arch)}, fc6 needs ${pool}`);
    this.fcs = (['fc6', 'fc7', 'fc8'] as const).map((l): FrozenDense => {
      const w = get(`${l}.weight`);
      const [out, inp] = w.shape as [number, number];
      // [out, in] as stored is the gradient's matrix; fc6's columns first go from C,H,W to H,W,C order.
      const wT = tf.tensor2d(l === 'fc6' ? chwToHwcColumns(w.data, out, inp / (pool * pool), pool * pool) : w.data, [out, inp]);
      return { w: tf.transpose(wT), wT, b: t(get(`${l}.bias`)) as tf.Tensor1D };
    });
    this.norm = arch.variant === 'caffe' ? undefined : {
      scale: tf.tensor1d(IMAGENET_STD_RGB.map((sd) => 1 / (255 * sd))),
      shift: tf.tensor1d(IMAGENET_MEAN_RGB.map((m, i) => m / IMAGENET_STD_RGB[i]!)),
    };
  }

  /** RGB [0, 255] NHWC -> the network's input space (Caffe: identity here, folded into conv1). */
  private preprocess(x: tf.Tensor4D): tf.Tensor4D {
    if (this.norm === undefined) return x;
    return tf.sub(tf.mul(x, this.norm.scale), this.norm.shift);
  }

  apply(x: tf.Tensor4D, outputs: readonly string[]): Record<string, tf.Tensor> {
    for (const o of outputs) {
      if (!(READOUT_NAMES as readonly string[]).includes(o) && o !== 'logits') throw unknownName('UNKNOWN_LAYER', `layer of ${this.spec.name}`, o, READOUT_NAMES);
    }
    const s = this.spec.inputSize;
    if (x.rank !== 4 || x.shape[1] !== s || x.shape[2] !== s || x.shape[3] !== 3) {
      throw new DomainError('SHAPE_MISMATCH', `${this.spec.name} needs input [n, ${s}, ${s}, 3] (RGB 0..255), got [${x.shape.join(', ')}]`);
    }
    const want = new Set(outputs);
    const result: Record<string, tf.Tensor> = {};
    let h = this.preprocess(x);
    this.arch.convs.forEach((c, i) => {
      h = applyConv(this.convs[i]!, h, true);
      if (want.has(c.name)) result[c.name] = h;
      if (c.lrn) h = caffeLrn(h);
      if (c.pool) h = maxPool3s2(h);
    });
    h = adaptiveAvgPool(h, this.arch.poolOut);
    let f = tf.reshape(h, [x.shape[0], -1]) as tf.Tensor2D;
    (['fc6', 'fc7'] as const).forEach((name, i) => {
      f = applyDense(this.fcs[i]!, f, true);
      if (want.has(name)) result[name] = f;
    });
    const logits = applyDense(this.fcs[2]!, f, false);
    result['logits'] = logits;
    if (want.has('fc8')) result['fc8'] = logits;
    if (want.has('prob')) result['prob'] = tf.softmax(logits);
    return result;
  }

  dispose(): void {
    this.convs.forEach(disposeConv);
    this.fcs.forEach((d) => tf.dispose([d.w, d.wT, d.b]));
    if (this.norm) tf.dispose([this.norm.scale, this.norm.shift]);
  }
}

/**
 * conv1 of the BVLC net rewritten to read RGB 0..255 directly: W'[o, c] = W[o, 2 - c] (BGR -> RGB) and
 * b'[o] = b[o] - sum_{c, i, j} W[o, c, i, j] mean_bgr[c]. Exact only without padding (pad 0 in Caffe's conv1).
 */
function foldBgrMean(w: RawTensor, b: RawTensor, pad: number): Record<'conv1.weight' | 'conv1.bias', RawTensor> {
  if (pad !== 0) throw new Error('BGR/mean folding needs an unpadded conv1');
  const [out, cin, kh, kw] = w.shape as [number, number, number, number];
  const plane = kh * kw;
  const wr = new Float32Array(w.data.length);
  const br = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    let shift = 0;
    for (let c = 0; c < cin; c++) {
      const from = (o * cin + (cin - 1 - c)) * plane;
      const to = (o * cin + c) * plane;
      let sum = 0;
      for (let k = 0; k < plane; k++) {
        wr[to + k] = w.data[from + k]!;
        sum += w.data[(o * cin + c) * plane + k]!;
      }
      shift += sum * BVLC_MEAN_BGR[c]!;
    }
    br[o] = b.data[o]! - shift;
  }
  return { 'conv1.weight': { ...w, data: wr }, 'conv1.bias': { ...b, data: br } };
}

/** Rows of [out, C*HW] with columns in C,H,W order -> columns in H,W,C order (per row: dst[hw*C + c] = src[c*HW + hw]). */
function chwToHwcColumns(src: Float32Array, out: number, c: number, hw: number): Float32Array {
  const dst = new Float32Array(src.length);
  const row = c * hw;
  for (let o = 0; o < out; o++) {
    const base = o * row;
    for (let ci = 0; ci < c; ci++) for (let k = 0; k < hw; k++) dst[base + k * c + ci] = src[base + ci * hw + k]!;
  }
  return dst;
}
