import { DomainError } from '../../core/errors.js';
import type { GraphFactory, GraphOptions } from '../graph.js';
import { readLabels } from '../labels.js';
import { loadWeightsFile } from '../weights/load.js';
import type { WeightsFile } from '../weights/tensors.js';
import {
  ARCHITECTURES, expectedShapes, STANDARD_WIDTHS, widthsFromShapes, type AlexnetVariant, type AlexnetWidths,
} from './architecture.js';
import { AlexnetGraph } from './model.js';
import { checkShapes, mapWeightNames } from './names.js';
import { alexnetSpec } from './spec.js';

/**
 * AlexNet, the paper's network (Zhang et al. 2021, section 2.2), in two variants, with weights the user supplies
 * (none can be downloaded here). Accepted files, told apart by content:
 *  - .npz with torchvision state_dict names, e.g. from Python:
 *      np.savez('alexnet_tv.npz', **{k: v.numpy() for k, v in torchvision.models.alexnet(weights='DEFAULT').state_dict().items()})
 *    or with Caffe layer names conv1.weight ... fc8.bias (OIHW; grouped layers [out, in/groups, kh, kw]), e.g.
 *    converted from bvlc_alexnet.caffemodel (net.params['conv1'][0].data -> 'conv1.weight', [1] -> 'conv1.bias');
 *  - .onnx: the ONNX model zoo's bvlcalexnet (initializers conv1_w_0 ...), or torch.onnx.export of torchvision's
 *    model (state_dict names), or any graph of 5 Conv + 3 Gemm nodes (taken in order).
 * `alexnet` expects the BVLC weights (BGR, mean-subtracted input), `alexnet_torchvision` torchvision's.
 */
export { randomAlexnetWeights } from './random.js';
export type { AlexnetVariant, AlexnetWidths } from './architecture.js';
export { AlexnetGraph } from './model.js';

/** Registry names of the two variants (the registry maps these names to the factories below). */
export const ALEXNET_NAMES = { caffe: 'alexnet', torchvision: 'alexnet_torchvision' } as const satisfies Record<AlexnetVariant, string>;

export interface BuildOptions {
  /**
   * Channel widths to demand. Default: the variant's standard widths, exactly (what the registry entries use).
   * 'infer' reads them from the weights' shapes (reduced-width test fixtures); every shape is still checked.
   */
  readonly widths?: AlexnetWidths | 'infer';
  /** 1000 class labels; default `class_0` ... `class_999`. */
  readonly labels?: readonly string[];
  /** Registry name for the spec; default `alexnet` / `alexnet_torchvision`. */
  readonly name?: string;
}

/**
 * Builds AlexNet of `variant` from weights read by loadWeightsFile (or randomAlexnetWeights). Tensors are mapped
 * to canonical names (Caffe, torchvision state_dict, ONNX zoo or ONNX node order) and their shapes checked
 * against the architecture: any missing tensor or shape mismatch is a BAD_WEIGHTS error naming it.
 */
export function buildAlexnet(variant: AlexnetVariant, weights: WeightsFile, opts: BuildOptions = {}): AlexnetGraph {
  const arch = ARCHITECTURES[variant];
  const mapped = mapWeightNames(weights);
  let widths: AlexnetWidths;
  let expected: ReturnType<typeof expectedShapes>;
  if (opts.widths === 'infer') {
    const shapes = new Map([...mapped.tensors].map(([k, v]) => [k as string, v.shape]));
    widths = widthsFromShapes(shapes)!;
    try {
      expected = expectedShapes(arch, widths);
    } catch (e) {
      throw new DomainError('BAD_WEIGHTS', `${weights.path}: channel widths read from the weights do not fit ${variant} AlexNet: ${(e as Error).message}`);
    }
  } else {
    widths = opts.widths ?? STANDARD_WIDTHS[variant];
    expected = expectedShapes(arch, widths);
  }
  checkShapes(weights, mapped, expected);
  const labels = opts.labels ?? Array.from({ length: 1000 }, (_, i) => `class_${i}`);
  if (labels.length !== 1000) throw new DomainError('BAD_DATA', `AlexNet needs 1000 labels, got ${labels.length}`);
  const note = `${weights.format} file ${weights.path} (tensor names: ${mapped.scheme})`;
  const spec = alexnetSpec(opts.name ?? ALEXNET_NAMES[variant], arch, widths, labels, weights.sha256, note);
  return new AlexnetGraph(spec, arch, mapped.tensors);
}

/** The project's one labels reader (networks/labels.ts), re-exported under the name AlexNet users know. */
export { readLabels as readImagenetLabels } from '../labels.js';

function factory(variant: AlexnetVariant): GraphFactory {
  return async (opts: GraphOptions) => {
    if (opts.weights === undefined || opts.weights === '') {
      throw new DomainError('BAD_USER_INPUT',
        `${ALEXNET_NAMES[variant]} needs a weights file (--weights F: .npz with torchvision or Caffe tensor names, or .onnx); none can be downloaded here`);
    }
    const weights = await loadWeightsFile(opts.weights);
    // Widths are read from the weights (a reduced-width test network runs the same path; the spec states them),
    // everything else of the architecture is checked tensor by tensor: another variant's or network's weights
    // are refused naming the first tensor that does not fit.
    return buildAlexnet(variant, weights, { labels: readLabels(opts.modelsDir), widths: 'infer' });
  };
}

/** `alexnet`: BVLC/Caffe AlexNet as the paper used it (227 px, BGR minus mean, LRN, grouped convolutions). */
export const alexnetFactory: GraphFactory = factory('caffe');
/** `alexnet_torchvision`: torchvision's AlexNet (224 px, ImageNet mean/std). */
export const alexnetTorchvisionFactory: GraphFactory = factory('torchvision');
