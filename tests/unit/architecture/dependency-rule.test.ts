import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedExceptions, importEdges, roomCycles, roomEdges, roomOf } from './import-graph.js';

/**
 * The floors of docs/architecture.md, checked over the import graph of server/src: a room imports only rooms on
 * its own floor or below, except where the architecture's "Allowed exceptions" section says why; analysis/ and
 * brain/ never import the API rooms; domain/ imports only core/; the room graph has no cycle.
 */
const ROOT = join(import.meta.dirname, '../../..');
const FLOORS: Readonly<Record<string, number>> = {
  core: 0,
  domain: 1,
  config: 2, store: 2, compute: 2,
  networks: 3, stimuli: 3, brain: 3, analysis: 3,
  study: 4,
  graphql: 5, queue: 5,
  http: 6, cli: 6,
};

const edges = importEdges(join(ROOT, 'server/src'));
const rooms = roomEdges(edges);
const exceptions = allowedExceptions(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'));
const where = (pair: string): string => `${pair} (${[...new Set(rooms.get(pair)!.map((e) => e.from))].join(', ')})`;

describe('dependency rule', () => {
  it('reads a real import graph', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(rooms.has('study -> domain')).toBe(true);
  });

  it('every room has a floor', () => {
    const unknown = [...new Set(edges.flatMap((e) => [roomOf(e.from), roomOf(e.to)]))].filter((r) => !(r in FLOORS));
    expect(unknown, 'add the new room to FLOORS here and to docs/architecture.md').toEqual([]);
  });

  it('analysis/ and brain/ never import study/, graphql/, http/ or cli/', () => {
    const bad = [...rooms.keys()].filter((p) => /^(analysis|brain) -> (study|graphql|http|cli)$/.test(p));
    expect(bad.map(where)).toEqual([]);
  });

  it('domain/ imports only core/', () => {
    const bad = [...rooms.keys()].filter((p) => p.startsWith('domain -> ') && p !== 'domain -> core');
    expect(bad.map(where)).toEqual([]);
  });

  it('no room imports a higher floor except the documented exceptions', () => {
    const up = [...rooms.keys()].filter((p) => {
      const [a, b] = p.split(' -> ') as [string, string];
      return FLOORS[b]! > FLOORS[a]! && !exceptions.has(p);
    });
    expect(up.map(where)).toEqual([]);
  });

  it('every documented exception is still needed', () => {
    expect([...exceptions.keys()].filter((p) => !rooms.has(p))).toEqual([]);
  });

  it('the room graph has no cycle', () => {
    expect(roomCycles([...rooms.keys()].filter((p) => !exceptions.has(p)))).toEqual([]);
  });

  it('no code builds or slices a stimulus id by its prefix (domain/stimulus-id.ts does)', () => {
    const surgery = /startsWith\(\s*['"`](?:RE|AN|AI)-|`(?:RE|AN|AI)-\$\{|\/\^(?:RE|AN|AI)-\//;
    const files = [...new Set(edges.map((e) => e.from))].filter((f) => !f.startsWith('domain/'));
    const bad = files.filter((f) => surgery.test(readFileSync(join(ROOT, 'server/src', f), 'utf8')));
    expect(bad).toEqual([]);
  });
});

describe('import graph helpers', () => {
  it('finds cycles and only cycles', () => {
    expect(roomCycles(['a -> b', 'b -> c', 'c -> a', 'c -> d'])).toEqual([['a', 'b', 'c']]);
    expect(roomCycles(['a -> b', 'b -> c', 'a -> c'])).toEqual([]);
  });

  it('parses exceptions and refuses one without a reason', () => {
    const md = '# x\n## Allowed exceptions\n- `compute -> networks`: the pool runs network jobs until it moves\n## Next\n- `a -> b`: y';
    expect([...allowedExceptions(md)]).toEqual([['compute -> networks', 'the pool runs network jobs until it moves']]);
    expect(() => allowedExceptions('## Allowed exceptions\n- `a -> b`:\n')).toThrow(/gives no reason/);
  });
});
