import { DomainError } from '../../core/errors.js';
import { fbIdentifier, fbRoot, type FbTable } from './flatbuffer.js';

/**
 * The parts of the TFLite schema (tensorflow/lite/schema/schema.fbs, version 3) that MobileNets use, read into
 * plain objects. Field slots are the .fbs field order; a union field takes two slots (type, value).
 */

/** TensorType enum values. */
export const TENSOR_TYPES = { 0: 'float32', 1: 'float16', 2: 'int32', 3: 'uint8', 4: 'int64', 9: 'int8' } as const;
export type TensorType = (typeof TENSOR_TYPES)[keyof typeof TENSOR_TYPES];

/** BuiltinOperator enum values this reader knows by name (others keep their number). */
export const BUILTIN_OPS: Record<number, string> = {
  0: 'ADD', 1: 'AVERAGE_POOL_2D', 2: 'CONCATENATION', 3: 'CONV_2D', 4: 'DEPTHWISE_CONV_2D', 6: 'DEQUANTIZE',
  9: 'FULLY_CONNECTED', 14: 'LOGISTIC', 17: 'MAX_POOL_2D', 18: 'MUL', 19: 'RELU', 21: 'RELU6', 22: 'RESHAPE',
  25: 'SOFTMAX', 34: 'PAD', 40: 'MEAN', 43: 'SQUEEZE', 114: 'QUANTIZE',
};

export interface Quantization {
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  /** Axis of per-channel quantization (when scale has more than one entry). */
  readonly axis: number;
}

export interface TfliteTensor {
  readonly index: number;
  readonly name: string;
  readonly shape: readonly number[];
  readonly type: TensorType;
  /** Raw little-endian bytes of a constant tensor (weights, biases), undefined for activations. */
  readonly data: Uint8Array | undefined;
  readonly quant: Quantization | undefined;
}

export type Padding = 'same' | 'valid';
/** ActivationFunctionType: NONE, RELU, RELU_N1_TO_1, RELU6, TANH. */
export type FusedActivation = 'none' | 'relu' | 'relu_n1_to_1' | 'relu6' | 'tanh';
const ACTIVATIONS: FusedActivation[] = ['none', 'relu', 'relu_n1_to_1', 'relu6', 'tanh'];

export interface OpOptions {
  padding?: Padding;
  strideH?: number;
  strideW?: number;
  dilationH?: number;
  dilationW?: number;
  depthMultiplier?: number;
  filterH?: number;
  filterW?: number;
  activation?: FusedActivation;
  newShape?: number[];
  beta?: number;
  keepDims?: boolean;
  squeezeDims?: number[];
  axis?: number;
}

export interface TfliteOp {
  readonly opcode: string;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly options: OpOptions;
}

export interface TfliteModel {
  readonly description: string;
  readonly tensors: readonly TfliteTensor[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly ops: readonly TfliteOp[];
}

/** Parses a TFLite flatbuffer (first subgraph only). Refuses anything that is not one, naming the file. */
export function parseTflite(bytes: Uint8Array, file: string): TfliteModel {
  if (bytes.length < 16 || fbIdentifier(bytes) !== 'TFL3') {
    throw new DomainError('BAD_WEIGHTS', `${file} is not a TFLite flatbuffer (no TFL3 identifier)`);
  }
  const model = fbRoot(bytes);
  const opcodes = model.tables(1).map((oc) => {
    // builtin_code (slot 3) superseded deprecated_builtin_code (slot 0, int8) at schema 2.4; take the larger.
    const code = Math.max(oc.int8(0), oc.int32(3));
    return BUILTIN_OPS[code] ?? `BUILTIN_${code}`;
  });
  const buffers = model.tables(4).map((b) => b.bytes(0));
  const subgraphs = model.tables(2);
  const sg = subgraphs[0];
  if (!sg) throw new DomainError('BAD_WEIGHTS', `${file} has no subgraph`);
  const tensors = sg.tables(0).map((t, index): TfliteTensor => {
    const typeCode = t.int8(1);
    const type = (TENSOR_TYPES as Record<number, TensorType>)[typeCode];
    if (!type) throw new DomainError('BAD_WEIGHTS', `${file}: tensor ${index} has unsupported type ${typeCode}`);
    const buf = buffers[t.uint32(2)];
    return { index, name: t.string(3), shape: t.int32s(0), type, data: buf && buf.length > 0 ? buf : undefined, quant: readQuant(t.table(4)) };
  });
  const ops = sg.tables(3).map((op): TfliteOp => {
    const opcode = opcodes[op.uint32(0)] ?? 'UNKNOWN';
    return { opcode, inputs: op.int32s(1), outputs: op.int32s(2), options: readOptions(opcode, op.table(4)) };
  });
  return { description: model.string(3), tensors, inputs: sg.int32s(1), outputs: sg.int32s(2), ops };
}

function readQuant(q: FbTable | undefined): Quantization | undefined {
  if (!q) return undefined;
  const scale = q.float32s(2);
  if (scale.length === 0) return undefined;
  const zeroPoint = q.int64s(3);
  return { scale, zeroPoint: zeroPoint.length ? zeroPoint : scale.map(() => 0), axis: q.int32(6) };
}

const padding = (t: FbTable, slot: number): Padding => (t.int8(slot) === 1 ? 'valid' : 'same');
const activation = (t: FbTable, slot: number): FusedActivation => ACTIVATIONS[t.int8(slot)] ?? 'none';

/** Builtin options tables, by operator (slots from schema.fbs). */
function readOptions(opcode: string, t: FbTable | undefined): OpOptions {
  if (!t) return {};
  switch (opcode) {
    case 'CONV_2D':
      return { padding: padding(t, 0), strideW: t.int32(1), strideH: t.int32(2), activation: activation(t, 3), dilationW: t.int32(4, 1), dilationH: t.int32(5, 1) };
    case 'DEPTHWISE_CONV_2D':
      return { padding: padding(t, 0), strideW: t.int32(1), strideH: t.int32(2), depthMultiplier: t.int32(3), activation: activation(t, 4), dilationW: t.int32(5, 1), dilationH: t.int32(6, 1) };
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D':
      return { padding: padding(t, 0), strideW: t.int32(1), strideH: t.int32(2), filterW: t.int32(3), filterH: t.int32(4), activation: activation(t, 5) };
    case 'ADD':
    case 'MUL':
    case 'FULLY_CONNECTED':
      return { activation: activation(t, 0) };
    case 'CONCATENATION':
      return { axis: t.int32(0), activation: activation(t, 1) };
    case 'RESHAPE':
      return { newShape: t.int32s(0) };
    case 'SOFTMAX':
      return { beta: t.float32(0, 1) };
    case 'MEAN':
      return { keepDims: t.uint8(0) !== 0 };
    case 'SQUEEZE':
      return { squeezeDims: t.int32s(0) };
    default:
      return {};
  }
}
