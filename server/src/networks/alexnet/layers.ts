import * as tf from '@tensorflow/tfjs';

/**
 * AlexNet's building blocks with frozen weights, each a tf.customGrad whose gradient is taken with respect to the
 * input only (the project never trains: adversarial images need d output / d pixels, paper section 2.3).
 *
 * Why custom gradients: on the wasm backend the forward convolution runs on XNNPACK, while Conv2DBackpropInput
 * is a slow reference loop (environment.md: 370 ms/image for an AlexNet input gradient). For a stride-1
 * convolution the input gradient IS a forward convolution: dx = conv(dy, W'), W' the kernel rotated by 180
 * degrees with input and output channels swapped, padding k - 1 - p (so a SAME-like layer stays SAME-like). The
 * fused forward op (bias + ReLU in one kernel) is also only usable with a custom gradient, since tfjs's own
 * fused-op gradient computes the filter gradient, which wasm lacks (Conv2DBackpropFilter).
 *
 * A strided convolution (conv1, stride 4) gets the same treatment in polyphase form: the input gradient at rows
 * s*a + r only sees kernel taps r, r + s, r + 2s, ..., so all s*s phases are one stride-1 forward convolution of
 * dy with a [T, T, out, s*s*in] kernel (T = ceil(k / s)), interleaved back by depthToSpace. Same MACs as the
 * direct transposed convolution, but on the fast kernel.
 */

/** One convolution, weights in tfjs layout, split by group (Caffe `group`). Tensors are owned by the graph. */
export interface FrozenConv {
  readonly stride: number;
  readonly pad: number;
  readonly kernel: number;
  /** Per group: [kh, kw, in/g, out/g] (HWIO). */
  readonly w: readonly tf.Tensor4D[];
  /** Per group: [out/g]. */
  readonly b: readonly tf.Tensor1D[];
  /**
   * Per group, the kernel of the gradient's forward convolution. Stride 1: [kh, kw, out/g, in/g], rotated 180
   * degrees. Stride s > 1: the polyphase kernel [T, T, out/g, s*s*in/g] (see phaseKernel).
   */
  readonly wGrad: readonly tf.Tensor4D[];
}

export interface FrozenDense {
  /** [in, out]. */
  readonly w: tf.Tensor2D;
  /** [out, in]: the gradient's matrix, stored because wasm's matMul with transposeB copies the matrix each call. */
  readonly wT: tf.Tensor2D;
  /** [out]. */
  readonly b: tf.Tensor1D;
}

/**
 * Builds a FrozenConv from PyTorch/Caffe OIHW weights [out, in/groups, kh, kw] and bias [out]. The returned
 * tensors are kept (not tidied away); the caller disposes them with `disposeConv`.
 */
export function frozenConv(weightOihw: tf.Tensor4D, bias: tf.Tensor1D, groups: number, stride: number, pad: number): FrozenConv {
  const out = weightOihw.shape[0];
  if (out % groups !== 0) throw new Error(`conv output ${out} not divisible by ${groups} groups`);
  const phases = stride === 1 ? undefined : phaseKernels(weightOihw, groups, stride);
  return tf.tidy(() => {
    const hwio = tf.transpose(weightOihw, [2, 3, 1, 0]) as tf.Tensor4D;
    const w = groups === 1 ? [hwio] : (tf.split(hwio, groups, 3) as tf.Tensor4D[]);
    const b = groups === 1 ? [bias.clone()] : (tf.split(bias, groups, 0) as tf.Tensor1D[]);
    const wGrad = phases ?? w.map((g) => tf.transpose(tf.reverse(g, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D);
    return { stride, pad, kernel: weightOihw.shape[2], w, b, wGrad };
  });
}

/**
 * Polyphase kernels of a stride-s convolution, per group: K[t, t', co, (r*s + q)*cin + ci] =
 * W[co, ci, s*(T-1-t) + r, s*(T-1-t') + q] (zero past the kernel's edge), T = ceil(k / s). The flip (T-1-t) turns
 * the transposed convolution into tfjs's forward correlation; the channel order is depthToSpace's (NHWC).
 */
function phaseKernels(weightOihw: tf.Tensor4D, groups: number, s: number): tf.Tensor4D[] {
  const [out, cin, k] = weightOihw.shape;
  const src = weightOihw.dataSync();
  const T = Math.ceil(k / s);
  const og = out / groups;
  return Array.from({ length: groups }, (_, g) => {
    const dst = new Float32Array(T * T * og * s * s * cin);
    for (let t = 0; t < T; t++) for (let u = 0; u < T; u++) for (let co = 0; co < og; co++) for (let r = 0; r < s; r++) for (let q = 0; q < s; q++) {
      const i = s * (T - 1 - t) + r;
      const j = s * (T - 1 - u) + q;
      if (i >= k || j >= k) continue;
      for (let ci = 0; ci < cin; ci++) {
        dst[(((t * T + u) * og + co) * s * s + r * s + q) * cin + ci] = src[(((g * og + co) * cin + ci) * k + i) * k + j]!;
      }
    }
    return tf.tensor4d(dst, [T, T, og, s * s * cin]);
  });
}

export function disposeConv(c: FrozenConv): void {
  tf.dispose([...c.w, ...c.b, ...c.wGrad]);
}

/** Input gradient of one group's convolution (without the ReLU mask). dy: [n, oh, ow, out/g] -> [n, H, W, in/g]. */
function convInputGrad(c: FrozenConv, g: number, dy: tf.Tensor4D, inShape: [number, number, number, number]): tf.Tensor4D {
  if (c.stride === 1) return tf.conv2d(dy, c.wGrad[g]!, 1, c.kernel - 1 - c.pad);
  // Polyphase: rows of the padded input s*a + r, a < A = ceil((H + 2p) / s); dy padded by T - 1 before, A - oh after.
  const [, h, w] = inShape;
  const [, oh, ow] = dy.shape;
  const s = c.stride;
  const T = c.wGrad[g]!.shape[0];
  const ah = Math.ceil((h + 2 * c.pad) / s);
  const aw = Math.ceil((w + 2 * c.pad) / s);
  const dyPad = tf.pad(dy, [[0, 0], [T - 1, ah - oh], [T - 1, aw - ow], [0, 0]]);
  const phases = tf.conv2d(dyPad, c.wGrad[g]!, 1, 'valid');
  const padded = tf.depthToSpace(phases, s);
  return tf.slice(padded, [0, c.pad, c.pad, 0], [-1, h, w, -1]);
}

/**
 * y = relu?(conv(x, W) + b), grouped: x [n, H, W, in] -> y [n, oh, ow, out]. Gradient with respect to x only.
 * Caffe and PyTorch pad symmetrically, as tfjs does for a numeric pad; output side floor((H + 2p - k) / s) + 1.
 */
export function applyConv(c: FrozenConv, x: tf.Tensor4D, relu: boolean): tf.Tensor4D {
  const groups = c.w.length;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
    const xs = groups === 1 ? [xIn as tf.Tensor4D] : (tf.split(xIn, groups, 3) as tf.Tensor4D[]);
    const ys = xs.map((xg, g) =>
      tf.fused.conv2d({ x: xg, filter: c.w[g]!, strides: c.stride, pad: c.pad, bias: c.b[g], activation: relu ? 'relu' : 'linear' }),
    );
    const y = groups === 1 ? ys[0]! : tf.concat(ys, 3);
    save([y]);
    const inShape = (xIn as tf.Tensor4D).shape;
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const masked = relu ? tf.mul(dy, tf.step(saved[0]!)) : dy;
        const dys = groups === 1 ? [masked as tf.Tensor4D] : (tf.split(masked, groups, 3) as tf.Tensor4D[]);
        const gShape: [number, number, number, number] = [inShape[0], inShape[1], inShape[2], inShape[3] / groups];
        const dxs = dys.map((d, g) => convInputGrad(c, g, d, gShape));
        return [groups === 1 ? dxs[0]! : tf.concat(dxs, 3)];
      },
    };
  });
  return op(x) as tf.Tensor4D;
}

/** y = relu?(x W + b): x [n, in] -> [n, out]. Gradient with respect to x only: dx = (dy * relu') W^T. */
export function applyDense(d: FrozenDense, x: tf.Tensor2D, relu: boolean): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const y = tf.fused.matMul({ a: xIn as tf.Tensor2D, b: d.w, bias: d.b, activation: relu ? 'relu' : 'linear' });
    save([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const masked = relu ? tf.mul(dy, tf.step(saved[0]!)) : dy;
        return [tf.matMul(masked as tf.Tensor2D, d.wT)];
      },
    };
  });
  return op(x) as tf.Tensor2D;
}

/**
 * Caffe's across-channel LRN (BVLC: local_size 5, alpha 1e-4, beta 0.75, k 1):
 * b_c = a_c / (k + alpha / n * sum_{c' in window(c)} a_c'^2)^beta. Caffe (and PyTorch's nn.LocalResponseNorm)
 * divide alpha by the window size n; tfjs does not, so it gets alpha / n, and depthRadius (n - 1) / 2.
 */
export function caffeLrn(x: tf.Tensor4D, size = 5, alpha = 1e-4, beta = 0.75, k = 1): tf.Tensor4D {
  return tf.localResponseNormalization(x, (size - 1) / 2, k, alpha / size, beta);
}

/** Max pool 3x3 stride 2, no padding (Caffe and torchvision AlexNet). */
export function maxPool3s2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.maxPool(x, 3, 2, 'valid');
}

/**
 * PyTorch AdaptiveAvgPool2d to [out, out]: bin i spans [floor(i H / out), ceil((i + 1) H / out)). Identity when
 * the map is already out x out (torchvision AlexNet at 224 px), which is the only case the registry builds.
 */
export function adaptiveAvgPool(x: tf.Tensor4D, out: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  if (h === out && w === out) return x;
  const bins = (size: number) => Array.from({ length: out }, (_, i) => [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)] as const);
  const rows = bins(h).map(([r0, r1]) =>
    tf.concat(bins(w).map(([c0, c1]) => tf.mean(tf.slice(x, [0, r0, c0, 0], [-1, r1 - r0, c1 - c0, -1]), [1, 2], true)), 2),
  );
  return tf.concat(rows, 1) as tf.Tensor4D;
}
