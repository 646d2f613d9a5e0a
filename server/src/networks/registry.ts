import { pick } from '../core/registry.js';
import { alexnetFactory, alexnetTorchvisionFactory } from './alexnet/index.js';
import type { GraphFactory, TfGraph } from './graph.js';
import { mobilenetV1Factory, mobilenetV2Factory, mobilenetV2QatFactory } from './mobilenet/index.js';
import type { NetworkRef } from './types.js';

/**
 * Every network the project can load. `mobilenet_v2` (the default) is the TF2 post-training-quantized file,
 * because once dequantized it classifies the 1000 sample images better than the quantization-aware-trained one.
 * Measured with `validate` (wasm, sharp bilinear), top-1 / top-5 in %:
 *   mobilenet_v2     (tf2_mobilenet_v2_1.0_224_ptq.tflite)  resize 84.4 / 97.0   center_crop 89.1 / 98.3
 *   mobilenet_v2_qat (mobilenet_v2_1.0_224_quant.tflite)    resize 81.7 / 95.6   center_crop 88.3 / 97.9
 */
export const NETWORK_NAMES = ['mobilenet_v2', 'mobilenet_v2_qat', 'mobilenet_v1_025', 'alexnet', 'alexnet_torchvision'] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];
export const DEFAULT_NETWORK: NetworkName = 'mobilenet_v2';

export interface NetworkEntry {
  readonly factory: GraphFactory;
  readonly summary: string;
  /** Whether the user must supply a weights file (--weights). */
  readonly needsWeights: boolean;
}

export const NETWORKS = {
  mobilenet_v2: { factory: mobilenetV2Factory, needsWeights: false, summary: 'MobileNetV2 1.0/224 (tf2_mobilenet_v2_1.0_224_ptq.tflite, dequantized), the default' },
  mobilenet_v2_qat: { factory: mobilenetV2QatFactory, needsWeights: false, summary: 'MobileNetV2 1.0/224 (mobilenet_v2_1.0_224_quant.tflite, quantization-aware trained, dequantized)' },
  mobilenet_v1_025: { factory: mobilenetV1Factory, needsWeights: false, summary: 'MobileNetV1 0.25/128 (small and fast, for tests)' },
  alexnet: { factory: alexnetFactory, needsWeights: true, summary: 'BVLC/Caffe AlexNet as in the paper (227 px, BGR minus mean); weights from --weights' },
  alexnet_torchvision: { factory: alexnetTorchvisionFactory, needsWeights: true, summary: "torchvision's AlexNet (224 px, ImageNet mean/std); weights from --weights" },
} satisfies Record<NetworkName, NetworkEntry>;

/** The entry of a network name; an unknown name is refused (UNKNOWN_NETWORK) with the valid list. */
export function networkEntry(name: string): NetworkEntry {
  return pick(NETWORKS, name, 'network', 'UNKNOWN_NETWORK');
}

/** Builds the differentiable graph of a network reference. */
export function buildGraph(ref: NetworkRef, modelsDir: string): Promise<TfGraph> {
  return networkEntry(ref.name).factory({ modelsDir, ...(ref.weights !== undefined ? { weights: ref.weights } : {}) });
}
