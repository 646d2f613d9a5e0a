import protobuf from 'protobufjs';
import { DomainError } from '../../core/errors.js';
import { numel, transpose2d, type ParamNode, type RawTensor } from './tensors.js';

/**
 * ONNX ModelProto reader for weights only: the initializers (float tensors) and the Conv/Gemm nodes that use
 * them. The descriptor below is the subset of onnx.proto (field numbers from onnx/onnx.proto, IR version 3+)
 * that holds them; protobufjs skips every other field. External-data tensors (models > 2 GiB) are refused.
 */
const ONNX_SUBSET = {
  nested: {
    ModelProto: { fields: { irVersion: { type: 'int64', id: 1 }, producerName: { type: 'string', id: 2 }, graph: { type: 'GraphProto', id: 7 } } },
    GraphProto: {
      fields: {
        node: { rule: 'repeated', type: 'NodeProto', id: 1 },
        name: { type: 'string', id: 2 },
        initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
      },
    },
    NodeProto: {
      fields: {
        input: { rule: 'repeated', type: 'string', id: 1 },
        output: { rule: 'repeated', type: 'string', id: 2 },
        name: { type: 'string', id: 3 },
        opType: { type: 'string', id: 4 },
        attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
      },
    },
    AttributeProto: { fields: { name: { type: 'string', id: 1 }, f: { type: 'float', id: 2 }, i: { type: 'int64', id: 3 } } },
    TensorProto: {
      fields: {
        dims: { rule: 'repeated', type: 'int64', id: 1 },
        dataType: { type: 'int32', id: 2 },
        floatData: { rule: 'repeated', type: 'float', id: 4 },
        name: { type: 'string', id: 8 },
        rawData: { type: 'bytes', id: 9 },
        doubleData: { rule: 'repeated', type: 'double', id: 10 },
        dataLocation: { type: 'int32', id: 14 },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(ONNX_SUBSET);
/** Exported for tests that write small ONNX files (e.g. with the model zoo's initializer names). */
export const ModelProto = root.lookupType('ModelProto');

const FLOAT = 1;
const DOUBLE = 11;

type Int64 = number | { toNumber(): number };
interface TensorMsg { dims: Int64[]; dataType: number; floatData: number[]; name: string; rawData?: Uint8Array; doubleData: number[]; dataLocation?: number }
interface NodeMsg { input: string[]; opType: string; attribute: { name: string; i?: Int64 }[] }
interface ModelMsg { graph?: { node: NodeMsg[]; initializer: TensorMsg[] } }

const toNum = (v: Int64 | undefined): number => (v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());

function tensorData(t: TensorMsg, path: string): Float32Array {
  const n = numel(t.dims.map(toNum));
  if (t.dataLocation === 1) throw new DomainError('BAD_WEIGHTS', `${path}: tensor '${t.name}' uses external data; save the model with its weights inside`);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  if (t.dataType === FLOAT) {
    if (raw) return new Float32Array(new Uint8Array(raw).buffer, 0, n); // copy: raw bytes may be an unaligned view (Node Buffer)
    return Float32Array.from(t.floatData);
  }
  if (raw) return Float32Array.from(new Float64Array(new Uint8Array(raw).buffer, 0, n));
  return Float32Array.from(t.doubleData);
}

export interface OnnxWeights {
  readonly tensors: Map<string, RawTensor>;
  readonly nodes: ParamNode[];
}

/** Parses ONNX bytes into float initializers and the Conv/Gemm parameter nodes in graph order. */
export function readOnnx(bytes: Uint8Array, path = 'model.onnx'): OnnxWeights {
  let model: ModelMsg;
  try {
    model = ModelProto.decode(bytes) as unknown as ModelMsg;
  } catch (e) {
    throw new DomainError('BAD_WEIGHTS', `${path}: not a readable ONNX model: ${(e as Error).message}`);
  }
  const graph = model.graph;
  if (!graph || graph.initializer.length === 0) throw new DomainError('BAD_WEIGHTS', `${path}: the ONNX model has no graph initializers`);
  const tensors = new Map<string, RawTensor>();
  for (const t of graph.initializer) {
    if (t.dataType !== FLOAT && t.dataType !== DOUBLE) continue; // shape constants etc. (int64) are not weights
    const shape = t.dims.map(toNum);
    const data = tensorData(t, path);
    if (data.length !== numel(shape)) {
      throw new DomainError('BAD_WEIGHTS', `${path}: tensor '${t.name}' has ${data.length} values for shape [${shape.join(', ')}]`);
    }
    tensors.set(t.name, { name: t.name, shape, data });
  }
  const nodes: ParamNode[] = [];
  for (const node of graph.node) {
    if (node.opType !== 'Conv' && node.opType !== 'Gemm') continue;
    const weight = node.input[1];
    if (weight === undefined || !tensors.has(weight)) continue;
    const bias = node.input[2] !== undefined && tensors.has(node.input[2]) ? node.input[2] : undefined;
    // ONNX Gemm computes A * op(B); with transB = 0 (the default) B is stored [in, out]: bring it to [out, in].
    const transB = toNum(node.attribute.find((a) => a.name === 'transB')?.i);
    if (node.opType === 'Gemm' && transB === 0) tensors.set(weight, transpose2d(tensors.get(weight)!));
    nodes.push({ op: node.opType, weight, bias });
  }
  return { tensors, nodes };
}
