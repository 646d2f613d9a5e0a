import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/src/core/errors.js';
import type { RoiName } from '../../server/src/study/model.js';
import { FakeStudy } from './fake-study.js';
import { start } from './harness.js';

/**
 * Issue 13 item 6: while a recompute rewrites the store, reads of what it is rewriting fail inside the study
 * (CORRUPT_ARTIFACT "the store has no provenance..."). The API serves the previous value or waits for the new one.
 */
class RewritingStudy extends FakeStudy {
  rewriting = false;
  private release: (() => void) | undefined;

  override async similarities(f: { sourceKind?: 'layer' | 'roi'; layer?: string; subject?: string; roi?: RoiName; pair?: string } = {}) {
    if (this.rewriting) throw new DomainError('CORRUPT_ARTIFACT', 'the store has no provenance for similarity (being recomputed)');
    return super.similarities(f);
  }

  override async readArray(...args: Parameters<FakeStudy['readArray']>) {
    if (this.rewriting) throw new DomainError('CORRUPT_ARTIFACT', 'the store has no provenance for activations (being recomputed)');
    return super.readArray(...args);
  }

  override async precompute(): Promise<void> {
    this.rewriting = true;
    await new Promise<void>((r) => { this.release = r; });
    this.rewriting = false;
  }

  finish(): void {
    this.release?.();
  }
}

describe('reads during a recompute (test double study)', () => {
  it('serve the previous value or wait for the recomputed one, never a transient CORRUPT_ARTIFACT', async () => {
    const study = new RewritingStudy();
    const s = await start({ study, adminToken: 'sesame' });
    try {
      const warm = '{ similarities(sourceKind: LAYER) { totalCount nodes { value } } }';
      const before = await s.gql(warm);
      expect(before.body.errors).toBeUndefined();
      const started = await s.gql('mutation { recompute { state } }', {}, { authorization: 'Bearer sesame' });
      expect(started.body.errors).toBeUndefined();
      expect(study.rewriting).toBe(true);
      // A value memoised before the recompute is still served.
      const during = await s.gql(warm);
      expect(during.body).toEqual(before.body);
      // A value not memoised yet, and an array download, wait for the recompute instead of failing.
      const cold = s.gql('{ similarities(sourceKind: ROI) { totalCount } }');
      const download = s.get('/arrays/activations/conv2/AN.npy');
      await new Promise((r) => setTimeout(r, 100));
      study.finish();
      const c = await cold;
      expect(c.body.errors).toBeUndefined();
      expect(c.body.data!.similarities.totalCount).toBe(8);
      expect((await download).status).toBe(200);
    } finally {
      study.finish();
      await s.close();
    }
  });
});
