import { describe, expect, it } from 'vitest';
import { PartCache } from '../../../server/src/study/part-cache.js';

describe('PartCache', () => {
  it('loads a part once for concurrent and later readers', async () => {
    const c = new PartCache();
    let loads = 0;
    const load = async (): Promise<Float32Array> => { loads++; await new Promise((r) => setTimeout(r, 5)); return new Float32Array(4); };
    const vs = await Promise.all(Array.from({ length: 10 }, () => c.get('k', 'p', load)));
    expect(loads).toBe(1);
    expect(new Set(vs).size).toBe(1);
    await c.get('k', 'p', load);
    expect(loads).toBe(1);
    expect(c.stats).toEqual({ parts: 1, bytes: 16 });
  });

  it('evicts the least recently used parts past its byte bound, and never keeps a failure', async () => {
    const c = new PartCache(100);
    const arr = (n: number) => async () => new Uint8Array(n);
    await c.get('a', 'p', arr(60));
    await c.get('b', 'p', arr(30));
    await c.get('a', 'p', arr(60)); // a is now the most recent
    await c.get('c', 'p', arr(30)); // 120 bytes: b goes
    expect(c.stats).toEqual({ parts: 2, bytes: 90 });
    let loads = 0;
    await c.get('b', 'p', async () => { loads++; return new Uint8Array(1); });
    expect(loads).toBe(1);
    await expect(c.get('x', 'p', async () => { throw new Error('gone'); })).rejects.toThrow('gone');
    await new Promise((r) => setTimeout(r, 0));
    const v = await c.get('x', 'p', async () => 'ok');
    expect(v).toBe('ok');
  });
});
