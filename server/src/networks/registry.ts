import { join } from 'node:path';
import { pick } from '../core/registry.js';
import { alexnetFactory, alexnetTorchvisionFactory } from './alexnet/index.js';
import type { GraphFactory, TfGraph } from './graph.js';
import {
  MOBILENET_FILES, mobilenetV1_050Factory, mobilenetV1_075Factory, mobilenetV1Factory, mobilenetV2Factory, mobilenetV2QatFactory,
} from './mobilenet/index.js';
import type { NetworkRef } from './types.js';

/**
 * Every network the project can load. `mobilenet_v2` (the default) is the TF2 post-training-quantized file,
 * because once dequantized it classifies the 1000 sample images better than the quantization-aware-trained one.
 * Measured with `validate` (wasm, sharp bilinear), top-1 / top-5 in %:
 *   mobilenet_v2     (tf2_mobilenet_v2_1.0_224_ptq.tflite)  resize 84.4 / 97.0   center_crop 89.1 / 98.3
 *   mobilenet_v2_qat (mobilenet_v2_1.0_224_quant.tflite)    resize 81.7 / 95.6   center_crop 88.3 / 97.9
 * The MobileNetV1s (quantization-aware trained, uint8), all 1000 images, measured in one run:
 *   mobilenet_v1_025 (mobilenet_v1_0.25_128_quant.tflite)   resize 38.1 / 62.9   center_crop 45.5 / 72.2
 *   mobilenet_v1_050 (mobilenet_v1_0.5_160_quant.tflite)    resize 61.5 / 82.9   center_crop 66.9 / 87.7
 *   mobilenet_v1_075 (mobilenet_v1_0.75_192_quant.tflite)   resize 71.4 / 90.2   center_crop 80.7 / 95.0
 */
export const NETWORK_NAMES = ['mobilenet_v2', 'mobilenet_v2_qat', 'mobilenet_v1_025', 'mobilenet_v1_050', 'mobilenet_v1_075', 'alexnet', 'alexnet_torchvision'] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];
export const DEFAULT_NETWORK: NetworkName = 'mobilenet_v2';

export interface NetworkEntry {
  readonly factory: GraphFactory;
  readonly summary: string;
  /** Whether the user must supply a weights file (--weights). */
  readonly needsWeights: boolean;
  /**
   * The files the network is built from, by role ('model' | 'weights', 'labels'): their content hashes key the
   * network (house style 18), and no other file of the models directory does.
   */
  readonly files: (ref: NetworkRef, modelsDir: string) => Readonly<Record<string, string>>;
}

const LABELS = 'imagenet_labels.txt';
const tflite = (file: string) => (_ref: NetworkRef, dir: string) => ({ model: join(dir, file), labels: join(dir, LABELS) });
const userWeights = (ref: NetworkRef, dir: string) => ({ ...(ref.weights ? { weights: ref.weights } : {}), labels: join(dir, LABELS) });

export const NETWORKS = {
  mobilenet_v2: { factory: mobilenetV2Factory, needsWeights: false, files: tflite(MOBILENET_FILES.tf2_ptq.file), summary: 'MobileNetV2 1.0/224 (tf2_mobilenet_v2_1.0_224_ptq.tflite, dequantized), the default' },
  mobilenet_v2_qat: { factory: mobilenetV2QatFactory, needsWeights: false, files: tflite(MOBILENET_FILES.qat.file), summary: 'MobileNetV2 1.0/224 (mobilenet_v2_1.0_224_quant.tflite, quantization-aware trained, dequantized)' },
  mobilenet_v1_025: { factory: mobilenetV1Factory, needsWeights: false, files: tflite(MOBILENET_FILES.v1_025.file), summary: 'MobileNetV1 0.25/128 (small and fast, for tests)' },
  mobilenet_v1_050: { factory: mobilenetV1_050Factory, needsWeights: false, files: tflite(MOBILENET_FILES.v1_050.file), summary: 'MobileNetV1 0.5/160 (mobilenet_v1_0.5_160_quant.tflite, quantization-aware trained, dequantized)' },
  mobilenet_v1_075: { factory: mobilenetV1_075Factory, needsWeights: false, files: tflite(MOBILENET_FILES.v1_075.file), summary: 'MobileNetV1 0.75/192 (mobilenet_v1_0.75_192_quant.tflite, quantization-aware trained, dequantized)' },
  alexnet: { factory: alexnetFactory, needsWeights: true, files: userWeights, summary: 'BVLC/Caffe AlexNet as in the paper (227 px, BGR minus mean); weights from --weights' },
  alexnet_torchvision: { factory: alexnetTorchvisionFactory, needsWeights: true, files: userWeights, summary: "torchvision's AlexNet (224 px, ImageNet mean/std); weights from --weights" },
} satisfies Record<NetworkName, NetworkEntry>;

/** The entry of a network name; an unknown name is refused (UNKNOWN_NETWORK) with the valid list. */
export function networkEntry(name: string): NetworkEntry {
  return pick(NETWORKS, name, 'network', 'UNKNOWN_NETWORK');
}

/** Builds the differentiable graph of a network reference. */
export function buildGraph(ref: NetworkRef, modelsDir: string): Promise<TfGraph> {
  return networkEntry(ref.name).factory({ modelsDir, ...(ref.weights !== undefined ? { weights: ref.weights } : {}) });
}
