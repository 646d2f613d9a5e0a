import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../server/src/core/progress.js';
import { MemoryArtifactStore } from '../../../server/src/store/memory.js';
import { ArtifactCache } from '../../../server/src/store/single-flight.js';
import { StudyEngine } from '../../../server/src/study/engine.js';
import { ProgressTracker } from '../../../server/src/study/progress.js';
import { defineStage } from '../../../server/src/study/stage.js';
import { toyChain } from './toy-stages.js';

describe('ProgressTracker', () => {
  it('one node per kind shows its own units; several nodes show nodes done', () => {
    const t = new ProgressTracker();
    t.plan([
      { key: 's', kind: 'stimuli', label: 'stimuli' },
      { key: 'l1', kind: 'activations', label: 'activations conv1' },
      { key: 'l2', kind: 'activations', label: 'activations conv2' },
    ]);
    expect(t.snapshot()).toEqual({ state: 'idle', error: null, stages: [
      { stage: 'stimuli', done: 0, total: 1 },
      { stage: 'activations', done: 0, total: 2 },
    ] });
    t.begin();
    t.started('s', 'stimuli', 'stimuli');
    t.units('s', 30, 80, 'AN');
    t.cached('l1', 'activations', 'activations conv1');
    t.started('l2', 'activations', 'activations conv2');
    t.units('l2', 3, 10);
    expect(t.snapshot().state).toBe('running');
    expect(t.events()).toEqual([
      { stage: 'stimuli', done: 30, total: 80, detail: 'AN' },
      { stage: 'activations', done: 1, total: 2, detail: 'activations conv2 3/10' },
    ]);
    t.finished('s');
    t.finished('l2');
    t.end();
    expect(t.snapshot()).toEqual({ state: 'done', error: null, stages: [
      { stage: 'stimuli', done: 80, total: 80 },
      { stage: 'activations', done: 2, total: 2 },
    ] });
  });

  it('a distributed run shows how many nodes of a kind are queued and running besides the first running one', () => {
    const t = new ProgressTracker();
    t.plan(['a', 'b', 'c', 'd'].map((k) => ({ key: k, kind: 'similarity.block', label: `block ${k}` })));
    for (const k of ['a', 'b', 'c']) t.units(k, 0, 1, 'queued');
    t.started('a', 'similarity.block', 'block a');
    t.units('a', 0, 1, 'on a worker');
    t.started('b', 'similarity.block', 'block b');
    expect(t.events()).toEqual([{ stage: 'similarity.block', done: 0, total: 4, detail: 'block a 0/1 on a worker; 1 more running, 1 queued' }]);
    t.finished('a');
    t.finished('b');
    expect(t.events()).toEqual([{ stage: 'similarity.block', done: 2, total: 4, detail: '1 queued' }]);
  });

  it('reports a failure with the stage label', () => {
    const t = new ProgressTracker();
    t.started('k', 'rdm', 'rdm conv1');
    t.failed('k', new Error('bad shape'));
    expect(t.snapshot().state).toBe('failed');
    expect(t.snapshot().error).toBe('rdm conv1: bad shape');
  });

  it('the engine drives it: subscribers see every kind reach its total', async () => {
    const engine = new StudyEngine(new ArtifactCache(new MemoryArtifactStore()));
    const seen: ProgressEvent[] = [];
    engine.tracker.subscribe((e) => seen.push(e));
    const stages = toyChain([]);
    const layers = ['l1', 'l2', 'l3'].map((layer) => defineStage({
      kind: 'toy.layer', version: '1', label: `toy.layer ${layer}`, params: { layer }, inputs: { a: stages[0]! },
      compute: async () => ({ layer }),
    }));
    await engine.run([stages[3]!, ...layers]);
    const last = new Map(seen.map((e) => [e.stage, e] as const));
    expect(last.get('toy.a')).toEqual({ stage: 'toy.a', done: 5, total: 5 });
    expect(last.get('toy.c')).toEqual({ stage: 'toy.c', done: 2, total: 2 });
    expect(last.get('toy.layer')).toEqual({ stage: 'toy.layer', done: 3, total: 3 });
    // The half-way point of c was reported on its way.
    expect(seen).toContainEqual({ stage: 'toy.c', done: 1, total: 2, detail: 'half' });
    expect(engine.tracker.snapshot().state).toBe('done');
  });
});
