import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/src/compute/backend.js';
import { loadConfig } from '../../../server/src/config/config.js';
import { DomainError } from '../../../server/src/core/errors.js';
import { dequantize } from '../../../server/src/networks/tflite/dequantize.js';
import { parseTflite, type TfliteTensor } from '../../../server/src/networks/tflite/schema.js';

const { modelsDir } = loadConfig();

describe('TFLite flatbuffer reader', () => {
  it('reads MobileNetV1 0.25: graph, operator options and input quantization', () => {
    const m = parseTflite(new Uint8Array(readFileSync(join(modelsDir, 'mobilenet_v1_0.25_128_quant.tflite'))), 'v1');
    const counts: Record<string, number> = {};
    for (const op of m.ops) counts[op.opcode] = (counts[op.opcode] ?? 0) + 1;
    expect(counts).toEqual({ CONV_2D: 15, DEPTHWISE_CONV_2D: 13, AVERAGE_POOL_2D: 1, RESHAPE: 1, SOFTMAX: 1 });
    const input = m.tensors[m.inputs[0]!]!;
    expect(input).toMatchObject({ shape: [1, 128, 128, 3], type: 'uint8', quant: { scale: [0.0078125], zeroPoint: [128] } });
    expect(m.tensors[m.outputs[0]!]!.shape).toEqual([1, 1001]);
    expect(m.ops[0]!.options).toMatchObject({ padding: 'same', strideH: 2, strideW: 2, activation: 'relu6' });
    expect(m.ops[1]!.options).toMatchObject({ depthMultiplier: 1, strideH: 1 });
  });

  it('reads per-channel int8 quantization of the TF2 MobileNetV2', () => {
    const m = parseTflite(new Uint8Array(readFileSync(join(modelsDir, 'tf2_mobilenet_v2_1.0_224_ptq.tflite'))), 'v2');
    const dw = m.ops.find((op) => op.opcode === 'DEPTHWISE_CONV_2D')!;
    const filter = m.tensors[dw.inputs[1]!]!;
    expect(filter.type).toBe('int8');
    expect(filter.quant!.axis).toBe(3);
    expect(filter.quant!.scale).toHaveLength(filter.shape[3]!);
  });

  it('refuses a file that is not a TFLite flatbuffer', () => {
    expect(() => parseTflite(new TextEncoder().encode('just some text, certainly not a model'), 'notes.txt')).toThrow(DomainError);
    expect(() => parseTflite(new Uint8Array(4), 'tiny.tflite')).toThrow(/tiny\.tflite/);
  });
});

describe('dequantize', () => {
  const tensor = (over: Partial<TfliteTensor>): TfliteTensor => ({ index: 0, name: 't', shape: [2, 3], type: 'uint8', data: undefined, quant: undefined, ...over });

  it('applies scale * (q - zero_point), per tensor and per axis', () => {
    const u8 = tensor({ data: Uint8Array.from([0, 128, 255, 1, 2, 3]), quant: { scale: [0.5], zeroPoint: [128], axis: 0 } });
    expect(Array.from(dequantize(u8))).toEqual([-64, 0, 63.5, -63.5, -63, -62.5]);
    // int8 [2, 3] quantized along axis 1: three scales, one per column.
    const i8 = tensor({ type: 'int8', data: Uint8Array.from([255, 1, 2, 3, 4, 5]), quant: { scale: [1, 10, 100], zeroPoint: [0, 0, 1], axis: 1 } });
    expect(Array.from(dequantize(i8))).toEqual([-1, 10, 100, 3, 40, 400]);
    const i32 = tensor({ shape: [2], type: 'int32', data: new Uint8Array(Int32Array.from([-4, 8]).buffer), quant: { scale: [0.25], zeroPoint: [0], axis: 0 } });
    expect(Array.from(dequantize(i32))).toEqual([-1, 2]);
  });

  it('refuses truncated data and mismatched per-axis scales', () => {
    expect(() => dequantize(tensor({ data: new Uint8Array(3), quant: { scale: [1], zeroPoint: [0], axis: 0 } }))).toThrow(/needs 6 bytes/);
    expect(() => dequantize(tensor({ data: new Uint8Array(6), quant: { scale: [1, 2], zeroPoint: [0, 0], axis: 1 } }))).toThrow(/2 scales for axis 1 of size 3/);
  });
});

describe('backend selection', () => {
  it('falls back past the missing tfjs-node bindings, and never switches later', async () => {
    const logs: string[] = [];
    const name = await initBackend('auto', (l) => logs.push(l));
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(name);
    expect(logs[0]).toContain(`tfjs backend: ${name}`);
    expect(await initBackend('auto')).toBe(name);
    const other = name === 'cpu' ? 'wasm' : 'cpu';
    await expect(initBackend(other)).rejects.toThrow(/cannot switch/);
  });
});
