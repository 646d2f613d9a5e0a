import { DomainError } from '../../core/errors.js';
import { sameShape, shapeText, type RawTensor, type WeightsFile } from '../weights/tensors.js';
import { PARAM_LAYERS, PARAM_NAMES, type ParamLayer, type ParamName } from './architecture.js';

/**
 * Maps the tensors of a weights file to AlexNet's canonical parameter names (Caffe layer names: conv1.weight ...
 * fc8.bias). Naming schemes are tried in order, each also under any common prefix of the file's names (a
 * DataParallel `module.`, a wrapper's `model.`); the first that names all 16 tensors wins. For ONNX files whose
 * initializers carry none of these names (e.g. `onnx::Conv_17` after export with constant folding), the 8
 * Conv/Gemm nodes in graph order are the fallback.
 */
type Scheme = (layer: ParamLayer, kind: 'weight' | 'bias') => string;

const TORCHVISION_INDEX: Record<ParamLayer, string> = {
  conv1: 'features.0', conv2: 'features.3', conv3: 'features.6', conv4: 'features.8', conv5: 'features.10',
  fc6: 'classifier.1', fc7: 'classifier.4', fc8: 'classifier.6',
};

export const NAMING_SCHEMES = {
  /** Caffe layer names, as the issue defines them for .npz (and a PyTorch module with those attribute names). */
  caffe: (l, k) => `${l}.${k}`,
  /** torchvision.models.alexnet state_dict (also the initializer names of its torch.onnx.export). */
  torchvision: (l, k) => `${TORCHVISION_INDEX[l]}.${k}`,
  /** Caffe2 names, as in the ONNX model zoo's bvlcalexnet (conv1_w_0, conv1_b_0, ..., fc8_b_0). */
  caffe2: (l, k) => `${l}_${k === 'weight' ? 'w' : 'b'}_0`,
} satisfies Record<string, Scheme>;

export interface MappedWeights {
  readonly tensors: ReadonlyMap<ParamName, RawTensor>;
  /** Which naming scheme (or 'onnx_node_order') matched, for provenance and messages. */
  readonly scheme: string;
}

export function mapWeightNames(file: WeightsFile): MappedWeights {
  let best: { scheme: string; missing: string[] } | undefined;
  for (const [scheme, fn] of Object.entries(NAMING_SCHEMES) as [string, Scheme][]) {
    const first = fn('conv1', 'weight');
    const prefixes = new Set(['', ...[...file.tensors.keys()].filter((k) => k.endsWith(first)).map((k) => k.slice(0, k.length - first.length))]);
    for (const prefix of prefixes) {
      const found = new Map<ParamName, RawTensor>();
      const missing: string[] = [];
      for (const layer of PARAM_LAYERS) {
        for (const kind of ['weight', 'bias'] as const) {
          const t = file.tensors.get(prefix + fn(layer, kind));
          if (t) found.set(`${layer}.${kind}`, t);
          else missing.push(prefix + fn(layer, kind));
        }
      }
      const label = prefix === '' ? scheme : `${scheme} (prefix '${prefix}')`;
      if (missing.length === 0) return { tensors: found, scheme: label };
      if (found.size > 0 && (best === undefined || missing.length < best.missing.length)) best = { scheme: label, missing };
    }
  }
  if (best === undefined && file.format === 'onnx' && file.nodes.length === PARAM_LAYERS.length) {
    const ops = file.nodes.map((n) => n.op).join(',');
    if (ops === 'Conv,Conv,Conv,Conv,Conv,Gemm,Gemm,Gemm' && file.nodes.every((n) => n.bias !== undefined)) {
      const found = new Map<ParamName, RawTensor>();
      file.nodes.forEach((n, i) => {
        found.set(`${PARAM_LAYERS[i]!}.weight`, file.tensors.get(n.weight)!);
        found.set(`${PARAM_LAYERS[i]!}.bias`, file.tensors.get(n.bias!)!);
      });
      return { tensors: found, scheme: 'onnx_node_order' };
    }
  }
  const names = [...file.tensors.keys()];
  const shown = names.slice(0, 20).join(', ') + (names.length > 20 ? `, ... (${names.length} in all)` : '');
  if (best !== undefined) {
    throw new DomainError('BAD_WEIGHTS', `${file.path}: missing AlexNet tensor(s) ${best.missing.join(', ')} (naming scheme '${best.scheme}'); the file holds: ${shown}`, {
      missing: best.missing, scheme: best.scheme,
    });
  }
  throw new DomainError('BAD_WEIGHTS', `${file.path}: no AlexNet tensors found; expected names like ${PARAM_NAMES.slice(0, 2).join(', ')} (Caffe), `
    + `features.0.weight (torchvision) or conv1_w_0 (ONNX zoo), or an ONNX graph of 5 Conv + 3 Gemm nodes; the file holds: ${shown}`);
}

/** Refuses any tensor whose shape differs from the architecture's, naming the tensor, expected and found shape. */
export function checkShapes(file: WeightsFile, mapped: MappedWeights, expected: Record<ParamName, number[]>): void {
  for (const name of PARAM_NAMES) {
    const t = mapped.tensors.get(name)!;
    const want = expected[name];
    if (!sameShape(t.shape, want)) {
      const alias = t.name === name ? `'${name}'` : `'${t.name}' (${name})`;
      throw new DomainError('BAD_WEIGHTS', `${file.path}: tensor ${alias} has shape ${shapeText(t.shape)}, expected ${shapeText(want)}`, {
        tensor: t.name, expected: want, found: [...t.shape],
      });
    }
    if (!allFinite(t.data)) throw new DomainError('BAD_WEIGHTS', `${file.path}: tensor '${t.name}' holds NaN or infinite values`);
  }
}

/** A plain loop: Array.prototype.every with a callback is 7x slower over AlexNet's 61 M weights. */
function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v - v !== 0) return false; // NaN and +-Infinity give NaN
  }
  return true;
}
