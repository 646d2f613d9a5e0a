import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeNpy, encodeNpy } from '../../../server/src/core/npy.js';

describe('npy', () => {
  it('round-trips float32, float64, int32 and uint8 arrays with their shapes', () => {
    const cases = [
      { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6.5]) },
      { shape: [4], data: Float64Array.from([Math.PI, -1, 0, 1e-300]) },
      { shape: [1, 2, 2], data: Int32Array.from([-5, 7, 2147483647, 0]) },
      { shape: [3], data: Uint8Array.from([0, 128, 255]) },
    ];
    for (const c of cases) {
      const back = decodeNpy(encodeNpy(c));
      expect(back.shape).toEqual(c.shape);
      expect(back.data.constructor).toBe(c.data.constructor);
      expect(Array.from(back.data)).toEqual(Array.from(c.data));
    }
  });

  it('reads files written by NumPy (fixture from tests/fixtures/make_fixtures.py)', () => {
    const bytes = readFileSync(new URL('../../fixtures/core/numpy_f8_3x4.npy', import.meta.url));
    const arr = decodeNpy(new Uint8Array(bytes));
    expect(arr.shape).toEqual([3, 4]);
    expect(Array.from(arr.data)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5]);
  });

  it('writes headers NumPy can parse: padded to 64 bytes and ending in a newline', () => {
    const bytes = encodeNpy({ shape: [2, 2], data: new Float32Array(4) });
    const headerLen = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLen) % 64).toBe(0);
    expect(bytes[10 + headerLen - 1]).toBe(0x0a);
  });

  it('refuses a non-npy file and an unsupported dtype, naming the problem', () => {
    expect(() => decodeNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 'x.npy')).toThrow(/x.npy: not a .npy file/);
    const good = encodeNpy({ shape: [1], data: new Float32Array(1) });
    const text = new TextDecoder('latin1').decode(good).replace('<f4', '<c8');
    const bad = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    expect(() => decodeNpy(bad)).toThrow(/unsupported dtype '<c8'/);
  });
});

describe('npy from Node Buffers', () => {
  it('decodes a small pooled Buffer (a view into a shared ArrayBuffer) to exactly its own values', () => {
    const bytes = encodeNpy({ shape: [3], data: Float32Array.from([1.5, -2, 3]) });
    const pooled = Buffer.from(bytes); // small Buffers share Node's 8 KiB pool
    expect(pooled.byteOffset > 0 || pooled.buffer.byteLength > pooled.byteLength).toBe(true);
    const back = decodeNpy(pooled);
    expect(back.data.length).toBe(3);
    expect(Array.from(back.data)).toEqual([1.5, -2, 3]);
  });
});
