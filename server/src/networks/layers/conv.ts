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
  /** Precomputed for the backward pass: conv 1x1 -> filter transposed [1, 1, outC, inC]; depthwise -> filter flipped in h and w. */
  readonly backFilter: tf.Tensor4D;
}

export function convParams(filter: tf.Tensor4D, bias: tf.Tensor1D | undefined, strides: readonly [number, number], pad: 'same' | 'valid', activation: ConvActivation, depthwise: boolean): ConvParams {
  const backFilter = depthwise ? tf.reverse(filter, [0, 1]) as tf.Tensor4D : tf.transpose(filter, [0, 1, 3, 2]);
  return { filter, bias, strides, pad, activation, backFilter };
}

export function disposeConvParams(p: ConvParams): void {
  tf.dispose([p.filter, p.backFilter, ...(p.bias ? [p.bias] : [])]);
}

/** dy * activation'(y), read from the output y (relu: y > 0; relu6: 0 < y < 6). */
function activationGrad(dy: tf.Tensor4D, y: tf.Tensor4D, act: ConvActivation): tf.Tensor4D {
  if (act === 'linear') return dy;
  const on = act === 'relu' ? tf.greater(y, 0) : tf.logicalAnd(tf.greater(y, 0), tf.less(y, 6));
  return tf.mul(dy, tf.cast(on, 'float32'));
}

/** Conv2D + bias + activation; x [n, h, w, inC] -> [n, h', w', outC]. */
export function conv2dAct(x: tf.Tensor4D, p: ConvParams): tf.Tensor4D {
  const f = tf.customGrad((xi, save) => {
    const input = xi as tf.Tensor4D;
    const y = tf.fused.conv2d({ x: input, filter: p.filter, strides: [...p.strides] as [number, number], pad: p.pad, bias: p.bias, activation: p.activation });
    (save as tf.GradSaveFunc)([y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const dz = activationGrad(dy as tf.Tensor4D, saved[0] as tf.Tensor4D, p.activation);
        const [kh, kw] = p.filter.shape;
        if (kh === 1 && kw === 1 && p.strides[0] === 1 && p.strides[1] === 1) {
          // A 1x1 stride-1 convolution's input gradient is the 1x1 convolution with the transposed kernel.
          return tf.conv2d(dz, p.backFilter, 1, 'valid');
        }
        return tf.conv2dTranspose(dz, p.filter, input.shape, [...p.strides] as [number, number], p.pad);
      },
    };
  });
  return f(x) as tf.Tensor4D;
}

/** Depthwise conv (channel multiplier 1) + bias + activation; x [n, h, w, C] -> [n, h', w', C]. */
export function depthwiseAct(x: tf.Tensor4D, p: ConvParams): tf.Tensor4D {
  const f = tf.customGrad((xi, save) => {
    const input = xi as tf.Tensor4D;
    const y = tf.fused.depthwiseConv2d({ x: input, filter: p.filter, strides: [...p.strides] as [number, number], pad: p.pad, bias: p.bias, activation: p.activation });
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
  const [n, h, w, c] = xShape as [number, number, number, number];
  const [kh, kw] = flipped.shape;
  const [sh, sw] = strides;
  const [, ho, wo] = dy.shape;
  let up: tf.Tensor4D = dy;
  if (sh > 1 || sw > 1) {
    // Zero-upsample with 4-D pads only: rows first ([n, ho, 1, wo*C] padded to s rows), then columns.
    let r = tf.pad(tf.reshape(dy, [n, ho, 1, wo * c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]);
    r = tf.reshape(r, [n * ho * sh, wo, 1, c]);
    r = tf.pad(r, [[0, 0], [0, 0], [0, sw - 1], [0, 0]]);
    up = tf.slice(tf.reshape(r, [n, ho * sh, wo * sw, c]) as tf.Tensor4D, [0, 0, 0, 0], [n, (ho - 1) * sh + 1, (wo - 1) * sw + 1, c]);
  }
  const [pt, pl] = pad === 'same'
    ? [Math.floor(Math.max((ho - 1) * sh + kh - h, 0) / 2), Math.floor(Math.max((wo - 1) * sw + kw - w, 0) / 2)]
    : [0, 0];
  const lh = (ho - 1) * sh + 1, lw = (wo - 1) * sw + 1;
  const padded = padOrCrop(up, kh - 1 - pt, h - lh + pt, kw - 1 - pl, w - lw + pl);
  return tf.depthwiseConv2d(padded, flipped, 1, 'valid');
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
