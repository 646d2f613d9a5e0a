import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/src/core/errors.js';
import { decodeCursor, encodeCursor, paginate } from '../../server/src/graphql/connection.js';
import { arrayUrl, parseArrayPath } from '../../server/src/study/output/array-urls.js';
import { arrayToCsv, tableToCsv } from '../../server/src/study/output/csv.js';
import { ResponseCache } from '../../server/src/http/response-cache.js';
import { pathSegments, resolveStatic } from '../../server/src/http/static.js';
import { parseRange, subsetShape } from '../../server/src/study/output/subset.js';

describe('API building blocks', () => {
  it('array URLs round-trip, layer names with slashes included', () => {
    const refs = [
      { kind: 'activations', layer: 'MobilenetV1/Conv2d_0', stimulusKind: 'AI' },
      { kind: 'responses', subject: 'sub 01', roi: 'LO' },
      { kind: 'rdms', sourceKind: 'roi' },
      { kind: 'stimuli', stimulusKind: 'AI_CONTROL' },
    ] as const;
    for (const ref of refs) {
      const url = arrayUrl(ref, 'csv', { stimuli: [0, 3] });
      const path = new URL(url, 'http://x').pathname;
      expect(parseArrayPath(pathSegments(path).slice(1))).toEqual({ ref, format: 'csv' });
    }
  });

  it('parses ranges and refuses bad or out-of-range ones naming the extent', () => {
    expect(parseRange('stimuli', '2:5')).toEqual([2, 5]);
    expect(parseRange('columns', undefined)).toBeUndefined();
    for (const bad of ['5:5', '3:1', 'a:b', '-1:2', '1:2:3', '1']) expect(() => parseRange('stimuli', bad)).toThrow(DomainError);
    expect(subsetShape([2, 40, 100], { stimuli: [0, 10], columns: [5, 7] })).toEqual([2, 10, 2]);
    expect(() => subsetShape([40, 100], { columns: [0, 101] })).toThrow(/has 100 along that axis/);
  });

  it('cursors are opaque offsets; foreign cursors are refused', () => {
    expect(decodeCursor(encodeCursor(41))).toBe(41);
    expect(() => decodeCursor('not-a-cursor')).toThrow(/invalid cursor/);
    const p = paginate([1, 2, 3, 4, 5], { first: 2, after: encodeCursor(1) });
    expect(p.nodes).toEqual([3, 4]);
    expect(p.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(() => paginate([1], { first: 2, after: encodeCursor(5) })).toThrow(/past the end/);
  });

  it('writes CSV with ids, quoting and float32 precision; rank-3 rows labelled by trial', () => {
    const csv = arrayToCsv({ shape: [2, 2, 2], data: Float32Array.from([0.1, 1, 2, 3, 4, 5, 6, 7]), rowIds: ['a', 'b,c'], colIds: ['x', 'y'] });
    expect(csv).toBe('id,x,y\nt0/a,0.1,1\n"t0/b,c",2,3\nt1/a,4,5\n"t1/b,c",6,7\n');
    expect(tableToCsv(['k'], [['v"q']], [['study', 'a\nb']])).toBe('# study: a b\nk\n"v""q"\n');
  });

  it('response cache keeps only public, max-age > 0, error-free answers, until they expire or clear()', () => {
    let now = 0;
    const c = new ResponseCache(1e6, () => now);
    const ok: [string, string][] = [['cache-control', 'max-age=10, public']];
    expect(c.offer('a', 200, ok, '{"data":{}}')).toBe(true);
    expect(c.offer('b', 200, [['cache-control', 'no-store']], '{"data":{}}')).toBe(false);
    expect(c.offer('c', 200, ok, '{"errors":[]}')).toBe(false);
    expect(c.offer('d', 400, ok, '{"data":{}}')).toBe(false);
    expect(c.get('a')?.body).toBe('{"data":{}}');
    now = 10_001;
    expect(c.get('a')).toBeUndefined();
    c.offer('a', 200, ok, '{"data":{}}');
    c.clear();
    expect(c.size).toBe(0);
  });

  it('static files resolve inside the root only', () => {
    expect(resolveStatic('/nonexistent-root', ['index.html'])).toBeUndefined();
    expect(() => pathSegments('/a/../b')).toThrow(/path traversal/);
    expect(() => pathSegments('/a/%2e%2e/b')).toThrow(/path traversal/);
    expect(pathSegments('/a%20b/c')).toEqual(['a b', 'c']);
  });
});
