import type { LayerInfo, NetworkSpec } from '../types.js';
import { convSides, NUM_CLASSES, STANDARD_WIDTHS, type AlexnetArchitecture, type AlexnetWidths } from './architecture.js';

/**
 * Read-outs and preprocessing of both AlexNets, stated once.
 *
 * Read-outs follow the Caffe blobs the paper read (Zhang et al. 2021, section 2.4: "conv1 ... fc8 and output"):
 * Caffe's ReLUs run in place, so the blobs conv1..conv5, fc6, fc7 hold post-ReLU values; conv1 and conv2 are read
 * before their LRN and pooling (their own blobs), conv5 before pool5; fc6 and fc7 before dropout (inference: a
 * no-op anyway). fc8 is linear (the logits), prob the softmax. torchvision's read-outs are taken at the same
 * places (the ReLU outputs of features.1, 4, 7, 9, 11 and classifier.2, 5).
 */

/** BVLC ilsvrc_2012_mean.npy averaged over its 256x256 pixels: per channel B, G, R on the 0..255 scale. */
export const BVLC_MEAN_BGR = [104.0069879317889, 116.66876761696767, 122.6789143406786] as const;
/** torchvision ImageNet normalisation, on the 0..1 scale, RGB. */
export const IMAGENET_MEAN_RGB = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD_RGB = [0.229, 0.224, 0.225] as const;

export const PREPROCESSING = {
  caffe:
    'RGB -> BGR, minus the BVLC mean per channel (B 104.007, G 116.669, R 122.679: the mean image ilsvrc_2012_mean '
    + 'averaged over pixels, the usual stand-in for the 256x256 mean image), 0..255 scale, 227x227',
  torchvision: 'RGB / 255, minus mean [0.485, 0.456, 0.406], divided by std [0.229, 0.224, 0.225], 224x224',
} as const;

export const READOUT_NAMES = ['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'fc6', 'fc7', 'fc8', 'prob'] as const;
export type ReadoutName = (typeof READOUT_NAMES)[number];

/** Index of the ReLU after each conv in torchvision's `features`. */
const TV_RELU = [1, 4, 7, 9, 11] as const;

export function alexnetLayers(arch: AlexnetArchitecture, widths: AlexnetWidths): LayerInfo[] {
  const sides = convSides(arch);
  const conv = arch.convs.map((c, i): LayerInfo => {
    const shape = [sides[i]!, sides[i]!, widths.conv[i]!];
    const after = [c.lrn ? 'LRN' : '', c.pool ? 'max pool' : ''].filter(Boolean).join(' and ');
    return {
      name: c.name,
      ordinal: i + 1,
      activation: 'post-relu',
      shape,
      units: shape[0]! * shape[1]! * shape[2]!,
      description: `${c.name}: ${widths.conv[i]}@${c.kernel}x${c.kernel} stride ${c.stride} pad ${c.pad}`
        + `${c.groups > 1 ? ` in ${c.groups} groups` : ''}, after ReLU${after ? `, before ${after}` : ''}`
        + `${arch.variant === 'caffe' ? ` (Caffe blob ${c.name})` : ` (output of features.${TV_RELU[i]})`}, HWC`,
    };
  });
  const fc = (name: 'fc6' | 'fc7', ordinal: number, units: number): LayerInfo => ({
    name, ordinal, activation: 'post-relu', shape: [units], units,
    description: `${name}: ${units} units, after ReLU, before dropout`
      + `${arch.variant === 'caffe' ? ` (Caffe blob ${name})` : ` (output of classifier.${name === 'fc6' ? 2 : 5})`}`,
  });
  return [
    ...conv,
    fc('fc6', 6, widths.fc[0]),
    fc('fc7', 7, widths.fc[1]),
    { name: 'fc8', ordinal: 8, activation: 'logits', shape: [NUM_CLASSES], units: NUM_CLASSES, description: 'fc8: 1000 class scores before softmax (logits)' },
    { name: 'prob', ordinal: 9, activation: 'softmax', shape: [NUM_CLASSES], units: NUM_CLASSES, description: "prob: softmax over the 1000 ImageNet classes (the paper's 'output' layer)" },
  ];
}

export function alexnetSpec(
  name: string,
  arch: AlexnetArchitecture,
  widths: AlexnetWidths,
  labels: readonly string[],
  weightsSha256: string,
  weightsNote: string,
): NetworkSpec {
  const variant = arch.variant === 'caffe'
    ? 'BVLC/Caffe AlexNet (Krizhevsky et al. 2012 as in bvlc_alexnet/deploy.prototxt: LRN, grouped conv2/4/5)'
    : 'torchvision AlexNet (single tower, no LRN, adaptive 6x6 average pool)';
  const standard = STANDARD_WIDTHS[arch.variant];
  const reduced = widths.conv.some((c, i) => c !== standard.conv[i]) || widths.fc.some((f, i) => f !== standard.fc[i]);
  const w = `widths conv ${widths.conv.join('/')}, fc ${widths.fc.join('/')}${reduced ? ` (not the standard ${standard.conv.join('/')}, ${standard.fc.join('/')}: not a pretrained AlexNet)` : ''}`;
  return {
    name,
    description: `${variant}; ${w}; weights ${weightsNote}`,
    inputSize: arch.inputSize,
    layers: alexnetLayers(arch, widths),
    labels,
    weightsSha256,
    preprocessing: PREPROCESSING[arch.variant],
  };
}
