import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, unknownName } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';
import type { GraphFactory, GraphOptions, TfGraph } from '../graph.js';
import { readLabels } from '../labels.js';
import { buildExecutor, type TfliteExecutor } from '../tflite/executor.js';
import { parseTflite } from '../tflite/schema.js';
import type { LayerInfo, NetworkSpec } from '../types.js';
import { locateStage, MOBILENET_V1_STAGES, MOBILENET_V2_STAGES, type StageDef } from './stages.js';

/**
 * MobileNets from the TFLite files in the models directory, as differentiable float graphs. Output 0 of the file
 * is "background": the logits exposed here are outputs 1..1000 (ImageNet classes 0..999), and `prob` is the
 * softmax over those 1000 only (the background mass renormalised away).
 */
export interface MobilenetFile {
  readonly name: string;
  readonly file: string;
  readonly description: string;
  readonly stages: readonly StageDef[];
}

class TfliteGraph implements TfGraph {
  readonly spec: NetworkSpec;
  private readonly tensorOf: ReadonlyMap<string, number>;

  constructor(private readonly exec: TfliteExecutor, spec: NetworkSpec, tensorOf: ReadonlyMap<string, number>) {
    this.spec = spec;
    this.tensorOf = tensorOf;
  }

  apply(x: tf.Tensor4D, outputs: readonly string[]): Record<string, tf.Tensor> {
    const s = this.spec.inputSize;
    if (x.shape[1] !== s || x.shape[2] !== s || x.shape[3] !== 3) {
      throw new DomainError('SHAPE_MISMATCH', `${this.spec.name} needs [n, ${s}, ${s}, 3] pixels, got [${x.shape.join(', ')}]`);
    }
    for (const o of outputs) {
      if (o !== 'logits' && o !== 'prob' && !this.tensorOf.has(o)) {
        throw unknownName('UNKNOWN_LAYER', `layer of ${this.spec.name}`, o, this.spec.layers.map((l) => l.name));
      }
    }
    const wanted = [this.exec.logitsTensor, ...outputs.filter((o) => this.tensorOf.has(o)).map((o) => this.tensorOf.get(o)!)];
    const values = this.exec.run(x, wanted);
    const raw = values.get(this.exec.logitsTensor)!;
    const n = x.shape[0];
    // Drop background (column 0); the softmax temperature of the file applies to the logits.
    let logits = tf.slice(tf.reshape(raw, [n, -1]), [0, 1], [n, 1000]);
    if (this.exec.softmaxBeta !== 1) logits = tf.mul(logits, this.exec.softmaxBeta);
    const out: Record<string, tf.Tensor> = { logits };
    for (const o of outputs) {
      if (o === 'prob') out.prob = tf.softmax(logits);
      else if (o !== 'logits') out[o] = values.get(this.tensorOf.get(o)!)!;
    }
    return out;
  }

  dispose(): void {
    this.exec.dispose();
  }
}

/** Builds the graph of one TFLite MobileNet file. */
export function buildMobilenet(def: MobilenetFile, opts: GraphOptions): TfGraph {
  const path = join(opts.modelsDir, def.file);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    throw new DomainError('NOT_FOUND', `model file '${path}' for ${def.name} does not exist (set --models-dir)`);
  }
  const model = parseTflite(bytes, path);
  const exec = buildExecutor(model, path);
  const tensorOf = new Map<string, number>();
  const layers: LayerInfo[] = def.stages.map((st) => {
    const t = locateStage(model, st.at, path);
    tensorOf.set(st.name, t);
    const shape = model.tensors[t]!.shape.slice(1);
    return { name: st.name, ordinal: st.ordinal, activation: st.activation, shape, units: shape.reduce((a, b) => a * b, 1), description: st.description };
  });
  layers.push(
    { name: 'logits', ordinal: 0, activation: 'logits', shape: [1000], units: 1000, description: 'pre-softmax scores of ImageNet classes 0..999 (file output 0, background, dropped); ordinal 0: an extra read-out outside layers 1..8 + output' },
    { name: 'prob', ordinal: 9, activation: 'softmax', shape: [1000], units: 1000, description: 'softmax over the 1000 ImageNet logits (the paper\'s "output")' },
  );
  const input = model.tensors[model.inputs[0]!]!;
  const q = input.quant;
  const spec: NetworkSpec = {
    name: def.name,
    description: `${def.description} (${def.file}, weights dequantized to float32, activations in float)`,
    inputSize: exec.inputSize,
    layers,
    labels: readLabels(opts.modelsDir),
    weightsSha256: sha256(bytes),
    preprocessing: q ? `RGB pixel p in 0..255 -> ${q.scale[0]} * (p - ${q.zeroPoint[0]}) (the file's input quantization)` : 'RGB (p - 127.5) / 127.5',
  };
  return new TfliteGraph(exec, spec, tensorOf);
}

function mobilenetFactory(def: MobilenetFile): GraphFactory {
  return async (opts) => buildMobilenet(def, opts);
}

/** The TFLite files of ../shared/models, under their registry names (see registry.ts for which is the default). */
export const MOBILENET_FILES = {
  tf2_ptq: {
    name: 'mobilenet_v2',
    file: 'tf2_mobilenet_v2_1.0_224_ptq.tflite',
    description: 'MobileNetV2 1.0, 224 px, ImageNet; TF2 float model post-training quantized (per-channel int8 weights)',
    stages: MOBILENET_V2_STAGES,
  },
  qat: {
    name: 'mobilenet_v2_qat',
    file: 'mobilenet_v2_1.0_224_quant.tflite',
    description: 'MobileNetV2 1.0, 224 px, ImageNet; quantization-aware trained (uint8 weights)',
    stages: MOBILENET_V2_STAGES,
  },
  v1_025: {
    name: 'mobilenet_v1_025',
    file: 'mobilenet_v1_0.25_128_quant.tflite',
    description: 'MobileNetV1 0.25, 128 px, ImageNet; quantization-aware trained (uint8 weights); small, for tests',
    stages: MOBILENET_V1_STAGES,
  },
  v1_050: {
    name: 'mobilenet_v1_050',
    file: 'mobilenet_v1_0.5_160_quant.tflite',
    description: 'MobileNetV1 0.5, 160 px, ImageNet; quantization-aware trained (uint8 weights)',
    stages: MOBILENET_V1_STAGES,
  },
  v1_075: {
    name: 'mobilenet_v1_075',
    file: 'mobilenet_v1_0.75_192_quant.tflite',
    description: 'MobileNetV1 0.75, 192 px, ImageNet; quantization-aware trained (uint8 weights)',
    stages: MOBILENET_V1_STAGES,
  },
} as const satisfies Record<string, MobilenetFile>;

export const mobilenetV2Factory: GraphFactory = mobilenetFactory(MOBILENET_FILES.tf2_ptq);
export const mobilenetV2QatFactory: GraphFactory = mobilenetFactory(MOBILENET_FILES.qat);
export const mobilenetV1Factory: GraphFactory = mobilenetFactory(MOBILENET_FILES.v1_025);
export const mobilenetV1_050Factory: GraphFactory = mobilenetFactory(MOBILENET_FILES.v1_050);
export const mobilenetV1_075Factory: GraphFactory = mobilenetFactory(MOBILENET_FILES.v1_075);
