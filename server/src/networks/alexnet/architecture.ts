import { DomainError } from '../../core/errors.js';

/**
 * The two AlexNet variants as data: layer hyper-parameters, channel widths and the exact weight shapes each
 * parameter must have. Everything else (graph, weight import, read-out spec) is derived from this table, so the
 * standard networks and the reduced-width test variants share one code path; the standard registry entries
 * demand the canonical widths exactly.
 */
export type AlexnetVariant = 'caffe' | 'torchvision';

export interface ConvDef {
  readonly name: 'conv1' | 'conv2' | 'conv3' | 'conv4' | 'conv5';
  readonly kernel: number;
  readonly stride: number;
  /** Symmetric zero padding (Caffe `pad`, PyTorch `padding`). */
  readonly pad: number;
  /** Caffe `group`: input and output channels split in this many independent halves (the two GPUs of 2012). */
  readonly groups: number;
  /** Caffe's across-channel LRN after the ReLU (BVLC conv1, conv2 only). */
  readonly lrn: boolean;
  /** Max pool 3x3 stride 2 after the ReLU (and LRN). */
  readonly pool: boolean;
}

export interface AlexnetArchitecture {
  readonly variant: AlexnetVariant;
  readonly inputSize: number;
  readonly convs: readonly ConvDef[];
  /** Spatial size of the pooled conv5 map that fc6 reads (6 in both variants). */
  readonly poolOut: number;
}

/** Channel widths: conv1..conv5 output channels, fc6 and fc7 units. fc8 always has the 1000 ImageNet classes. */
export interface AlexnetWidths {
  readonly conv: readonly [number, number, number, number, number];
  readonly fc: readonly [number, number];
}

export const NUM_CLASSES = 1000;

/** BVLC reference CaffeNet/AlexNet (bvlc_alexnet/deploy.prototxt); the paper's network (Zhang et al. 2021, 2.2). */
const CAFFE: AlexnetArchitecture = {
  variant: 'caffe',
  inputSize: 227,
  poolOut: 6,
  convs: [
    { name: 'conv1', kernel: 11, stride: 4, pad: 0, groups: 1, lrn: true, pool: true },
    { name: 'conv2', kernel: 5, stride: 1, pad: 2, groups: 2, lrn: true, pool: true },
    { name: 'conv3', kernel: 3, stride: 1, pad: 1, groups: 1, lrn: false, pool: false },
    { name: 'conv4', kernel: 3, stride: 1, pad: 1, groups: 2, lrn: false, pool: false },
    { name: 'conv5', kernel: 3, stride: 1, pad: 1, groups: 2, lrn: false, pool: true },
  ],
};

/** torchvision.models.alexnet (the "one weird trick" single-tower variant). */
const TORCHVISION: AlexnetArchitecture = {
  variant: 'torchvision',
  inputSize: 224,
  poolOut: 6,
  convs: [
    { name: 'conv1', kernel: 11, stride: 4, pad: 2, groups: 1, lrn: false, pool: true },
    { name: 'conv2', kernel: 5, stride: 1, pad: 2, groups: 1, lrn: false, pool: true },
    { name: 'conv3', kernel: 3, stride: 1, pad: 1, groups: 1, lrn: false, pool: false },
    { name: 'conv4', kernel: 3, stride: 1, pad: 1, groups: 1, lrn: false, pool: false },
    { name: 'conv5', kernel: 3, stride: 1, pad: 1, groups: 1, lrn: false, pool: true },
  ],
};

export const ARCHITECTURES = { caffe: CAFFE, torchvision: TORCHVISION } satisfies Record<AlexnetVariant, AlexnetArchitecture>;

export const STANDARD_WIDTHS = {
  caffe: { conv: [96, 256, 384, 384, 256], fc: [4096, 4096] },
  torchvision: { conv: [64, 192, 384, 256, 256], fc: [4096, 4096] },
} as const satisfies Record<AlexnetVariant, AlexnetWidths>;

/** Canonical parameter names (Caffe layer names), in network order. */
export const PARAM_LAYERS = ['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'fc6', 'fc7', 'fc8'] as const;
export type ParamLayer = (typeof PARAM_LAYERS)[number];
export type ParamName = `${ParamLayer}.weight` | `${ParamLayer}.bias`;
export const PARAM_NAMES: readonly ParamName[] = PARAM_LAYERS.flatMap((l) => [`${l}.weight`, `${l}.bias`] as ParamName[]);

/** Spatial side of each conv output (before its pool), e.g. caffe: 55, 27, 13, 13, 13. */
export function convSides(arch: AlexnetArchitecture): number[] {
  const sides: number[] = [];
  let s = arch.inputSize;
  for (const c of arch.convs) {
    s = Math.floor((s + 2 * c.pad - c.kernel) / c.stride) + 1;
    sides.push(s);
    // Caffe pools with ceil, PyTorch with floor; at these input sizes both give 27, 13, 6 (exact division).
    if (c.pool) s = Math.floor((s - 3) / 2) + 1;
  }
  return sides;
}

/** Side of the pooled conv5 map before any adaptive pooling (6 for both standard inputs). */
export function pooledSide(arch: AlexnetArchitecture): number {
  const sides = convSides(arch);
  const last = sides[sides.length - 1]!;
  return Math.floor((last - 3) / 2) + 1;
}

/**
 * Expected PyTorch/Caffe shapes of every parameter: conv weights [out, in/groups, kh, kw] (OIHW), biases [out],
 * fc weights [out, in] with fc6's input flattened in C,H,W order.
 */
export function expectedShapes(arch: AlexnetArchitecture, widths: AlexnetWidths): Record<ParamName, number[]> {
  validateWidths(arch, widths);
  const out = {} as Record<ParamName, number[]>;
  let inC = 3;
  arch.convs.forEach((c, i) => {
    const o = widths.conv[i]!;
    out[`${c.name}.weight`] = [o, inC / c.groups, c.kernel, c.kernel];
    out[`${c.name}.bias`] = [o];
    inC = o;
  });
  const fcIn = [inC * arch.poolOut * arch.poolOut, widths.fc[0], widths.fc[1]];
  const fcOut = [widths.fc[0], widths.fc[1], NUM_CLASSES];
  (['fc6', 'fc7', 'fc8'] as const).forEach((l, i) => {
    out[`${l}.weight`] = [fcOut[i]!, fcIn[i]!];
    out[`${l}.bias`] = [fcOut[i]!];
  });
  return out;
}

/** Grouped layers need channel counts divisible by their group count, on both sides. */
export function validateWidths(arch: AlexnetArchitecture, widths: AlexnetWidths): void {
  const all = [...widths.conv, ...widths.fc];
  if (all.length !== 7 || all.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new DomainError('BAD_USER_INPUT', `AlexNet widths must be 5 conv and 2 fc positive integers, got ${JSON.stringify(widths)}`);
  }
  let inC = 3;
  arch.convs.forEach((c, i) => {
    const o = widths.conv[i]!;
    if (inC % c.groups !== 0 || o % c.groups !== 0) {
      throw new DomainError('BAD_USER_INPUT', `${c.name} has ${c.groups} groups: input ${inC} and output ${o} channels must be divisible by ${c.groups}`);
    }
    inC = o;
  });
}

/** Reads the widths a set of weights implies from their shapes (the conv out-channels and fc6/fc7 units). */
export function widthsFromShapes(shapes: ReadonlyMap<string, readonly number[]>): AlexnetWidths | undefined {
  const conv = (['conv1', 'conv2', 'conv3', 'conv4', 'conv5'] as const).map((l) => shapes.get(`${l}.weight`)?.[0]);
  const fc = (['fc6', 'fc7'] as const).map((l) => shapes.get(`${l}.weight`)?.[0]);
  if ([...conv, ...fc].some((v) => v === undefined)) return undefined;
  return { conv: conv as unknown as AlexnetWidths['conv'], fc: fc as unknown as AlexnetWidths['fc'] };
}
