import { DomainError } from '../../core/errors.js';
import type { ActivationKind } from '../types.js';
import type { TfliteModel } from '../tflite/schema.js';

/**
 * Read-out stages of the MobileNets, located structurally in the TFLite graph (tensor names differ between the
 * TF1 and TF2 exports, the structure does not):
 * - 'block' k: output of the k-th inverted-residual block (0-based): the linear 1x1 projection, or the residual
 *   ADD that consumes it. Linear: the bottleneck has no activation (Sandler et al. 2018).
 * - 'relu_conv' k: output of the k-th CONV_2D with a fused ReLU6 (k < 0 counts from the end).
 */
export type StageLocator = { readonly kind: 'block'; readonly index: number } | { readonly kind: 'relu_conv'; readonly index: number };

export interface StageDef {
  readonly name: string;
  readonly ordinal: number;
  readonly at: StageLocator;
  readonly activation: ActivationKind;
  readonly description: string;
}

/** Tensor index of a stage's output in the graph. */
export function locateStage(model: TfliteModel, at: StageLocator, file: string): number {
  const convs = model.ops.filter((op) => op.opcode === 'CONV_2D');
  let found: number | undefined;
  if (at.kind === 'block') {
    // Projections: linear CONV_2D ops, except the classifier (1001 output channels).
    const projections = convs.filter((op) => (op.options.activation ?? 'none') === 'none' && model.tensors[op.outputs[0]!]!.shape[3] !== 1001);
    const proj = projections[at.index];
    if (proj) {
      const t = proj.outputs[0]!;
      const add = model.ops.find((op) => op.opcode === 'ADD' && op.inputs.includes(t));
      found = add ? add.outputs[0]! : t;
    }
  } else {
    const relu = convs.filter((op) => op.options.activation === 'relu6');
    found = relu[at.index < 0 ? relu.length + at.index : at.index]?.outputs[0];
  }
  if (found === undefined) throw new DomainError('BAD_WEIGHTS', `${file}: no ${at.kind} #${at.index} in the graph`);
  return found;
}

/**
 * MobileNetV2 (17 inverted-residual blocks, then Conv_1 1x1x1280): eight stages spread over the five
 * resolutions, the last block of each resolution/width group, then the final 1x1 convolution.
 * Shapes at 224 px: block_0 112x112x16, block_2 56x56x24, block_5 28x28x32, block_9 14x14x64,
 * block_12 14x14x96, block_15 7x7x160, block_16 7x7x320, conv_1 7x7x1280.
 */
export const MOBILENET_V2_STAGES: readonly StageDef[] = [
  { name: 'block_0', ordinal: 1, at: { kind: 'block', index: 0 }, activation: 'linear', description: 'inverted-residual block 0 (expanded_conv) output, 112x112x16, linear bottleneck' },
  { name: 'block_2', ordinal: 2, at: { kind: 'block', index: 2 }, activation: 'linear', description: 'block 2 output (after residual add), 56x56x24, linear' },
  { name: 'block_5', ordinal: 3, at: { kind: 'block', index: 5 }, activation: 'linear', description: 'block 5 output (after residual add), 28x28x32, linear' },
  { name: 'block_9', ordinal: 4, at: { kind: 'block', index: 9 }, activation: 'linear', description: 'block 9 output (after residual add), 14x14x64, linear' },
  { name: 'block_12', ordinal: 5, at: { kind: 'block', index: 12 }, activation: 'linear', description: 'block 12 output (after residual add), 14x14x96, linear' },
  { name: 'block_15', ordinal: 6, at: { kind: 'block', index: 15 }, activation: 'linear', description: 'block 15 output (after residual add), 7x7x160, linear' },
  { name: 'block_16', ordinal: 7, at: { kind: 'block', index: 16 }, activation: 'linear', description: 'block 16 output (projection to 320), 7x7x320, linear' },
  { name: 'conv_1', ordinal: 8, at: { kind: 'relu_conv', index: -1 }, activation: 'post-relu', description: 'Conv_1 1x1 convolution to 1280 channels, 7x7x1280, after ReLU6 (before global pooling)' },
];

/**
 * MobileNetV1 (0.25/128, 0.5/160 and 0.75/192: one graph at three widths and input sizes; conv 3x3, then 13
 * depthwise-separable blocks): the pointwise outputs of blocks 1, 3, 5, 7, 9, 11, 12, 13, all after ReLU6.
 */
export const MOBILENET_V1_STAGES: readonly StageDef[] = [1, 3, 5, 7, 9, 11, 12, 13].map((k, i) => ({
  name: `pointwise_${k}`,
  ordinal: i + 1,
  at: { kind: 'relu_conv', index: k } as const,
  activation: 'post-relu' as const,
  description: `Conv2d_${k}_pointwise output after ReLU6`,
}));
