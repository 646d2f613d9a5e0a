import * as tf from '@tensorflow/tfjs';

/**
 * Convolutions with a fused bias and activation whose input gradient is written by hand (tf.customGrad).
 *
 * Why: the wasm backend has no DepthwiseConv2dNativeBackpropInput kernel, so MobileNet is not differentiable there
 * without help; and tfjs' own fused-op gradient refuses relu6. The backward passes below use only forward kernels
 * that wasm runs fast (depthwise and 1x1 convolutions, pad, reshape), plus Conv2DBackpropInput for the general
 * case. Only the gradient with respect to the input is provided: weights are constants here (no training).
 */
export type ConvActivation = 'linear' | 'relu' | 'relu6';

export interface ConvParams {
  /** Conv: [kh, kw, inC, outC]; depthwise: [kh, kw, C, 1]. */
  readonly filter: tf.Tensor4D;
  readonly bias: tf.Tensor1D | undefined;
  readonly strides: readonly [number, number];
  readonly pad: 'same' | 'valid';
  readonly activation: ConvActivation;
  /** Precomputed for the backward pass: the filter flipped in h and w; for conv also transposed to [kh, kw, outC, inC]. */
  readonly backFilter: tf.Tensor4D;
}

export function convParams(filter: tf.Tensor4D, bias: tf.Tensor1D | undefined, strides: readonly [number, number], pad: 'same' | 'valid', activation: ConvActivation, depthwise: boolean): ConvParams {
  const backFilter = tf.tidy(() => {
    const flipped = tf.reverse(filter, [0, 1]) as tf.Tensor4D;
    return depthwise ? flipped : tf.transpose(flipped, [0, 1, 3, 2]);
  });
  return { filter, bias, strides, pad, activation, backFilter };
}

export function disposeConvParams(p: ConvParams): void {
  tf.dispose([p.filter, p.backFilter, ...(p.bias ? [p.bias] : [])]);
}

/**
 * dy * activation'(y), read from the output y. relu: step(y); relu6: step(y * (6 - y)), which is 1 exactly when
 * 0 < y < 6. Written with arithmetic and step because wasm's comparison and logical kernels are several times
 * slower than these (measured: 61 vs 14 ms for 3.6 M values).
 */
function activationGrad(dy: tf.Tensor4D, y: tf.Tensor4D, act: ConvActivation): tf.Tensor4D {
  if (act === 'linear') return dy;
  const mask = act === 'relu' ? tf.step(y) : tf.step(tf.mul(y, tf.sub(6, y)));
  return tf.mul(dy, mask);
}

/**
 * The fused kernel, called directly: tf.fused.* splits itself into conv + add + relu6 whenever a gradient is being
 * recorded (its own gradient cannot do relu6), which would cost two extra passes over every activation here.
 */
function fusedKernel(kernel: 'FusedConv2D' | 'FusedDepthwiseConv2D', x: tf.Tensor4D, p: ConvParams): tf.Tensor4D {
  const inputs: Record<string, tf.Tensor> = { x, filter: p.filter };
  if (p.bias) inputs.bias = p.bias;
  const attrs = { strides: [...p.strides], pad: p.pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined, activation: p.activation, leakyreluAlpha: 0 };
  return tf.engine().runKernel(kernel, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** Conv2D + bias + activation; x [n, h, w, inC] -> [n, h', w', outC]. */
export function conv2dAct(x: tf.Tensor4D, p: ConvParams): tf.Tensor4D {
  const f = tf.customGrad((xi, save) => {
    const input = xi as tf.Tensor4D;
    const y = fusedKernel('FusedConv2D', input, p);
    (save as tf.GradSaveFunc)([y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const dz = activationGrad(dy as tf.Tensor4D, saved[0] as tf.Tensor4D, p.activation);
        const [kh, kw, inC, outC] = p.filter.shape;
        if (kh === 1 && kw === 1 && p.strides[0] === 1 && p.strides[1] === 1) {
          // 1x1 stride 1: dx = dz . W^T per pixel, a matrix product (faster on wasm than Conv2D here).
          const [n, h, w] = input.shape;
          return tf.reshape(tf.matMul(tf.reshape(dz, [n * h * w, outC]), tf.reshape(p.backFilter, [outC, inC])), [n, h, w, inC]);
        }
        // General case: stride-1 forward convolution of the spread dz with the flipped, transposed kernel
        // (wasm's Conv2DBackpropInput is several times slower than its forward Conv2D).
        return tf.conv2d(spreadForBackward(dz, input.shape, [kh, kw], p.strides, p.pad), p.backFilter, 1, 'valid');
      },
    };
  });
  return f(x) as tf.Tensor4D;
}

/** Depthwise conv (channel multiplier 1) + bias + activation; x [n, h, w, C] -> [n, h', w', C]. */
export function depthwiseAct(x: tf.Tensor4D, p: ConvParams): tf.Tensor4D {
  const f = tf.customGrad((xi, save) => {
    const input = xi as tf.Tensor4D;
    const y = fusedKernel('FusedDepthwiseConv2D', input, p);
    (save as tf.GradSaveFunc)([y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const dz = activationGrad(dy as tf.Tensor4D, saved[0] as tf.Tensor4D, p.activation);
        return depthwiseInputGrad(dz, p.backFilter, input.shape, p.strides, p.pad);
      },
    };
  });
  return f(x) as tf.Tensor4D;
}

/**
 * Input gradient of a depthwise convolution (multiplier 1) as a forward depthwise convolution:
 * dx[p] = sum_a dyUp[p + pt - a] k[a] = valid correlation of the zero-upsampled, padded dy with the flipped kernel.
 * dy [n, ho, wo, C]; flipped [kh, kw, C, 1]; xShape [n, h, w, C]; returns [n, h, w, C].
 */
export function depthwiseInputGrad(dy: tf.Tensor4D, flipped: tf.Tensor4D, xShape: readonly number[], strides: readonly [number, number], pad: 'same' | 'valid'): tf.Tensor4D {
  const [kh, kw] = flipped.shape;
  return tf.depthwiseConv2d(spreadForBackward(dy, xShape, [kh, kw], strides, pad), flipped, 1, 'valid');
}

/**
 * dy [n, ho, wo, C] of a convolution with kernel k, strides s and padding `pad` over x [n, h, w, Cx] ->
 * [n, h + kh - 1, w + kw - 1, C]: dy zero-upsampled by the strides (dy[i, j] at (i*sh, j*sw)) and padded so that
 * a stride-1 'valid' correlation with the flipped kernel yields dx [n, h, w, .].
 */
export function spreadForBackward(dy: tf.Tensor4D, xShape: readonly number[], kernel: readonly [number, number], strides: readonly [number, number], pad: 'same' | 'valid'): tf.Tensor4D {
  const [, h, w] = xShape as [number, number, number, number];
  const [kh, kw] = kernel;
  const [sh, sw] = strides;
  const [n, ho, wo, c] = dy.shape;
  let up: tf.Tensor4D = dy;
  if (sh > 1 || sw > 1) {
    // Zero-upsample with 4-D pads only: rows first ([n, ho, 1, wo*C] padded to s rows), then columns. The result
    // is [n, ho*sh, wo*sw, C], with s-1 trailing zero rows/columns that the border arithmetic below accounts for.
    let r = tf.pad(tf.reshape(dy, [n, ho, 1, wo * c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]);
    r = tf.reshape(r, [n * ho * sh, wo, 1, c]);
    r = tf.pad(r, [[0, 0], [0, 0], [0, sw - 1], [0, 0]]);
    up = tf.reshape(r, [n, ho * sh, wo * sw, c]) as tf.Tensor4D;
  }
  const [pt, pl] = pad === 'same'
    ? [Math.floor(Math.max((ho - 1) * sh + kh - h, 0) / 2), Math.floor(Math.max((wo - 1) * sw + kw - w, 0) / 2)]
    : [0, 0];
  // Correlating with the flipped kernel needs kh-1-pt rows above and, below, enough for h outputs.
  const lh = up.shape[1], lw = up.shape[2];
  return padOrCrop(up, kh - 1 - pt, h - lh + pt, kw - 1 - pl, w - lw + pl);
}

/** Pads (positive) or crops (negative) the spatial borders of [n, h, w, C]. */
function padOrCrop(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  let y = x;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const t0 = Math.max(-top, 0), l0 = Math.max(-left, 0);
    y = tf.slice(y, [0, t0, l0, 0], [n, h - t0 - Math.max(-bottom, 0), w - l0 - Math.max(-right, 0), c]);
  }
  const pads: [number, number][] = [[0, 0], [Math.max(top, 0), Math.max(bottom, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]];
  return pads.some(([a, b]) => a > 0 || b > 0) ? tf.pad(y, pads) : y;
}
