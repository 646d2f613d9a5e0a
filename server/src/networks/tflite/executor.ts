import * as tf from '@tensorflow/tfjs';
import { DomainError } from '../../core/errors.js';
import { conv2dAct, convParams, depthwiseAct, disposeConvParams, type ConvActivation, type ConvParams } from '../layers/conv.js';
import { constInts, dequantize } from './dequantize.js';
import type { FusedActivation, TfliteModel, TfliteOp, TfliteTensor } from './schema.js';

/**
 * A TFLite graph rebuilt in float32 tfjs ops, so that it is differentiable: weights dequantized once at build
 * time, activations kept in float (the uint8 activation quantization of the file is ignored, which is what
 * "dequantized network" means in the reports). Only the input quantization is used, to map the project's pixel
 * space 0..255 to the network's float input: real = scale * (q - zero_point), q = pixel value.
 */
export interface TfliteExecutor {
  readonly model: TfliteModel;
  /** Input side in pixels (square inputs only). */
  readonly inputSize: number;
  /** Tensor index of the SOFTMAX input (the 1001 logits, background first), and the softmax beta. */
  readonly logitsTensor: number;
  readonly softmaxBeta: number;
  /** Index of the op producing each tensor. */
  readonly producer: ReadonlyMap<number, number>;
  /** x: [n, S, S, 3] pixels in 0..255. Runs the ops needed for `wanted` tensor indices; returns them by index. */
  run(x: tf.Tensor4D, wanted: readonly number[]): Map<number, tf.Tensor>;
  dispose(): void;
}

type Env = Map<number, tf.Tensor>;
type Step = (env: Env) => tf.Tensor;

export function buildExecutor(model: TfliteModel, file: string): TfliteExecutor {
  const input = model.tensors[model.inputs[0] ?? -1];
  if (!input || input.shape.length !== 4 || input.shape[1] !== input.shape[2] || input.shape[3] !== 3) {
    throw new DomainError('BAD_WEIGHTS', `${file}: expected one square RGB image input, found [${input?.shape.join(', ')}]`);
  }
  // A float-input model carries no quantization: assume the MobileNet convention (x - 127.5) / 127.5.
  const inScale = input.quant?.scale[0] ?? 1 / 127.5;
  const inZero = input.quant?.zeroPoint[0] ?? 127.5;
  const owned: tf.Tensor[] = [];
  const convs: ConvParams[] = [];
  const producer = new Map<number, number>();
  const steps: Step[] = model.ops.map((op, i) => {
    op.outputs.forEach((t) => producer.set(t, i));
    return buildStep(model, op, file, owned, convs);
  });
  const softmaxOp = model.ops.find((op) => op.opcode === 'SOFTMAX');
  if (!softmaxOp) throw new DomainError('BAD_WEIGHTS', `${file}: no SOFTMAX op, cannot locate the logits`);
  return {
    model,
    inputSize: input.shape[1]!,
    logitsTensor: softmaxOp.inputs[0]!,
    softmaxBeta: softmaxOp.options.beta ?? 1,
    producer,
    run(x, wanted) {
      const last = Math.max(-1, ...wanted.map((t) => producer.get(t) ?? -1));
      const env: Env = new Map([[input.index, tf.mul(tf.sub(x, inZero), inScale)]]);
      for (let i = 0; i <= last; i++) env.set(model.ops[i]!.outputs[0]!, steps[i]!(env));
      const out = new Map<number, tf.Tensor>();
      for (const t of wanted) {
        const v = env.get(t);
        if (!v) throw new DomainError('BAD_WEIGHTS', `${file}: tensor ${t} is not computed by the graph`);
        out.set(t, v);
      }
      return out;
    },
    dispose() {
      convs.forEach(disposeConvParams);
      tf.dispose(owned);
    },
  };
}

function activationOf(a: FusedActivation | undefined, where: string): ConvActivation {
  switch (a ?? 'none') {
    case 'none': return 'linear';
    case 'relu': return 'relu';
    case 'relu6': return 'relu6';
    default: throw new DomainError('BAD_WEIGHTS', `${where}: fused activation '${a}' is not supported`);
  }
}

function applyActivation(x: tf.Tensor, act: ConvActivation): tf.Tensor {
  return act === 'relu' ? tf.relu(x) : act === 'relu6' ? tf.relu6(x) : x;
}

function buildStep(model: TfliteModel, op: TfliteOp, file: string, owned: tf.Tensor[], convs: ConvParams[]): Step {
  const T = (i: number): TfliteTensor => model.tensors[op.inputs[i]!]!;
  const where = `${file}: ${op.opcode} -> '${model.tensors[op.outputs[0]!]?.name}'`;
  const arg = (env: Env, i: number): tf.Tensor => {
    const v = env.get(op.inputs[i]!);
    if (!v) throw new DomainError('BAD_WEIGHTS', `${where}: input ${i} is not available`);
    return v;
  };
  const constant = (t: TfliteTensor): tf.Tensor => {
    const v = tf.tensor(dequantize(t), [...t.shape], 'float32');
    owned.push(v);
    return v;
  };
  const o = op.options;
  const act = activationOf(o.activation, where);
  switch (op.opcode) {
    case 'CONV_2D': {
      if ((o.dilationH ?? 1) !== 1 || (o.dilationW ?? 1) !== 1) throw new DomainError('BAD_WEIGHTS', `${where}: dilated convolution not supported`);
      // TFLite OHWI -> tfjs HWIO.
      const ohwi = tf.tensor4d(dequantize(T(1)), T(1).shape as [number, number, number, number]);
      const filter = tf.transpose(ohwi, [1, 2, 3, 0]);
      ohwi.dispose();
      const bias = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? tf.tensor1d(dequantize(T(2))) : undefined;
      const p = convParams(filter, bias, [o.strideH ?? 1, o.strideW ?? 1], o.padding ?? 'same', act, false);
      convs.push(p);
      return (env) => conv2dAct(arg(env, 0) as tf.Tensor4D, p);
    }
    case 'DEPTHWISE_CONV_2D': {
      const [, kh, kw, cm] = T(1).shape as [number, number, number, number];
      const m = o.depthMultiplier ?? 1;
      const channels = T(0).shape[3]!;
      if (cm !== channels) throw new DomainError('BAD_WEIGHTS', `${where}: depth multiplier ${m} (${cm} outputs for ${channels} channels) not supported`);
      // TFLite [1, kh, kw, C] -> tfjs [kh, kw, C, 1].
      const filter = tf.tensor4d(dequantize(T(1)), [kh, kw, channels, 1]);
      const bias = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? tf.tensor1d(dequantize(T(2))) : undefined;
      const p = convParams(filter, bias, [o.strideH ?? 1, o.strideW ?? 1], o.padding ?? 'same', act, true);
      convs.push(p);
      return (env) => depthwiseAct(arg(env, 0) as tf.Tensor4D, p);
    }
    case 'ADD':
      return (env) => applyActivation(tf.add(arg(env, 0), arg(env, 1)), act);
    case 'MUL':
      return (env) => applyActivation(tf.mul(arg(env, 0), arg(env, 1)), act);
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D': {
      const [, h, w] = T(0).shape;
      const global = o.padding === 'valid' && o.filterH === h && o.filterW === w;
      const size: [number, number] = [o.filterH ?? 1, o.filterW ?? 1];
      const strides: [number, number] = [o.strideH ?? 1, o.strideW ?? 1];
      if (op.opcode === 'MAX_POOL_2D') return (env) => applyActivation(tf.maxPool(arg(env, 0) as tf.Tensor4D, size, strides, o.padding ?? 'valid'), act);
      // A whole-map average is a mean, whose gradient needs no AvgPoolGrad kernel.
      if (global) return (env) => applyActivation(tf.mean(arg(env, 0), [1, 2], true), act);
      return (env) => applyActivation(tf.avgPool(arg(env, 0) as tf.Tensor4D, size, strides, o.padding ?? 'valid'), act);
    }
    case 'MEAN': {
      const axes = constInts(T(1));
      return (env) => tf.mean(arg(env, 0), axes, o.keepDims ?? false);
    }
    case 'RESHAPE': {
      const shape = op.inputs.length > 1 && T(1).data ? constInts(T(1)) : (o.newShape ?? []);
      // The first dimension is the batch: the file says 1, the runner batches.
      const target = [-1, ...shape.slice(1)];
      return (env) => tf.reshape(arg(env, 0), target);
    }
    case 'SQUEEZE':
      return (env) => tf.squeeze(arg(env, 0), o.squeezeDims && o.squeezeDims.length ? o.squeezeDims : undefined);
    case 'SOFTMAX':
      return (env) => tf.softmax(tf.mul(arg(env, 0), o.beta ?? 1));
    case 'QUANTIZE':
    case 'DEQUANTIZE':
      // Float graph: (de)quantization steps are identities.
      return (env) => arg(env, 0);
    case 'FULLY_CONNECTED': {
      const wt = constant(T(1)); // [out, in]
      const bias = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? constant(T(2)) : undefined;
      return (env) => {
        const x = arg(env, 0);
        const y = tf.matMul(tf.reshape(x, [x.shape[0]!, -1]), wt, false, true);
        return applyActivation(bias ? tf.add(y, bias) : y, act);
      };
    }
    case 'CONCATENATION':
      return (env) => applyActivation(tf.concat(op.inputs.map((_, i) => arg(env, i)), o.axis ?? -1), act);
    case 'RELU':
      return (env) => tf.relu(arg(env, 0));
    case 'RELU6':
      return (env) => tf.relu6(arg(env, 0));
    case 'PAD': {
      const p = constInts(T(1));
      const pads = Array.from({ length: p.length / 2 }, (_, i) => [p[2 * i]!, p[2 * i + 1]!] as [number, number]);
      return (env) => tf.pad(arg(env, 0), pads);
    }
    default:
      throw new DomainError('BAD_WEIGHTS', `${where}: operator ${op.opcode} is not supported`);
  }
}
