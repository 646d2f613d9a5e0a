import { describe, expect, it } from 'vitest';
import { Rng } from '../../../server/src/core/rng.js';
import {
  formatStimulusId, isStimulusOfKind, parseStimulusId, relatedStimulusId, STIMULUS_IDS, type StimulusIdCodec,
} from '../../../server/src/domain/stimulus-id.js';
import type { StimulusKind } from '../../../server/src/domain/vocabulary.js';
import { rdmVector } from '../../../server/src/analysis/rdm.js';
import { similarityStatistics } from '../../../server/src/analysis/similarity.js';
import { roiPatterns, type SubjectPayload } from '../../../server/src/study/pipeline/brain-stages.js';
import { rdmRecords } from '../../../server/src/study/pipeline/analysis-stages.js';

/** Another string scheme for the same identities: "n02091244/an" instead of "AN-n02091244". */
const SLASHED: StimulusIdCodec = {
  format: ({ kind, wnid }) => `${wnid}/${kind.toLowerCase()}`,
  parse(text) {
    const [wnid, kind] = text.split('/');
    return { kind: kind!.toUpperCase() as StimulusKind, wnid: wnid! };
  },
};

const WNIDS = ['n01', 'n02', 'n03', 'n04', 'n05', 'n06', 'n07', 'n08'];
const KINDS: StimulusKind[] = ['RE', 'AN', 'AI'];
const N_VERTICES = 12;

/**
 * A subject whose stimulus axis is in a shuffled order and whose ids are written by `codec`; the responses of each
 * (kind, wnid) are the same whatever the order and the scheme, so every RDM and similarity must be too.
 */
function subject(codec: StimulusIdCodec, orderSeed: number): SubjectPayload {
  const base = new Rng('stimulus-id-test');
  const response = new Map<string, Float32Array>();
  for (const kind of KINDS) for (const wnid of WNIDS) response.set(`${kind}:${wnid}`, Float32Array.from({ length: 2 * N_VERTICES }, () => base.normal()));
  const keys = [...response.keys()];
  const order = new Rng(`order-${orderSeed}`);
  for (let i = keys.length - 1; i > 0; i--) { const j = Math.floor(order.uniform() * (i + 1)); [keys[i], keys[j]] = [keys[j]!, keys[i]!]; }
  const nS = keys.length;
  const betas = new Float32Array(2 * nS * N_VERTICES);
  keys.forEach((k, s) => {
    const r = response.get(k)!;
    for (let t = 0; t < 2; t++) betas.set(r.subarray(t * N_VERTICES, (t + 1) * N_VERTICES), (t * nS + s) * N_VERTICES);
  });
  const stimulusIds = keys.map((k) => { const [kind, wnid] = k.split(':'); return codec.format({ kind: kind as StimulusKind, wnid: wnid! }); });
  return {
    meta: {
      id: 'sim01', simulated: true, space: 'flat', stimulusIds, nTrials: 2, vertexIds: Array.from({ length: N_VERTICES }, (_, i) => `v${i}`),
      roi: Array(N_VERTICES).fill('V1'), hemisphere: Array(N_VERTICES).fill('LH'), source: 'test', params: {},
    },
    betas, x: new Float64Array(N_VERTICES), y: new Float64Array(N_VERTICES),
  };
}

const idx = Int32Array.from({ length: N_VERTICES }, (_, i) => i);
const patternsOf = (s: SubjectPayload, codec: StimulusIdCodec) => Object.fromEntries(KINDS.map((k) => [k, roiPatterns(s, idx, k, codec)])) as Record<'RE' | 'AN' | 'AI', ReturnType<typeof roiPatterns>>;

describe('stimulus ids', () => {
  it('formats and parses one way', () => {
    expect(formatStimulusId({ kind: 'AI_CONTROL', wnid: 'n02091244' })).toBe('AI_CONTROL-n02091244');
    expect(parseStimulusId('AN-n02091244')).toEqual({ kind: 'AN', wnid: 'n02091244' });
    expect(relatedStimulusId('RE-n02091244', 'AI')).toBe('AI-n02091244');
    expect(isStimulusOfKind('RE-n1', 'RE')).toBe(true);
    expect(isStimulusOfKind('extra-image-7', 'RE')).toBe(false);
  });

  it('refuses a malformed id, naming it and the valid kinds', () => {
    expect(() => parseStimulusId('XX-n1')).toThrow(/bad stimulus id 'XX-n1'.*RE, AN, AI, AI_CONTROL/);
    expect(() => parseStimulusId('RE-')).toThrow(/bad stimulus id 'RE-'/);
    expect(() => parseStimulusId('n02091244')).toThrow(/bad stimulus id/);
  });

  it('RDMs and similarities do not depend on the id scheme or the stimulus order (alignment by id)', async () => {
    const a = subject(STIMULUS_IDS, 1);
    const b = subject(SLASHED, 2);
    expect(a.meta.stimulusIds).not.toEqual(b.meta.stimulusIds.map((t) => STIMULUS_IDS.format(SLASHED.parse(t))));
    const pa = patternsOf(a, STIMULUS_IDS);
    const pb = patternsOf(b, SLASHED);

    const deps = { rdm: rdmVector };
    const source = { kind: 'roi', subject: 'sim01', roi: 'V1' } as const;
    const ra = rdmRecords(deps, source, 'one_minus_pearson', pa);
    const rb = rdmRecords(deps, source, 'one_minus_pearson', pb, SLASHED);
    // Each scheme labels its rows in its own words; the identities and (after ordering by identity) the
    // dissimilarities are the same.
    expect(rb[1]!.stimulusIds.every((id) => SLASHED.parse(id).kind === 'AN')).toBe(true);
    for (let k = 0; k < KINDS.length; k++) {
      const byId = (r: (typeof ra)[number], codec: StimulusIdCodec) => {
        const n = r.stimulusIds.length;
        const wnid = r.stimulusIds.map((id) => codec.parse(id).wnid);
        const out = new Map<string, number>();
        let p = 0;
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.set([wnid[i], wnid[j]].sort().join('|'), r.vector[p++]!);
        return [...out].sort(([x], [y]) => (x < y ? -1 : 1));
      };
      const va = byId(ra[k]!, STIMULUS_IDS);
      const vb = byId(rb[k]!, SLASHED);
      expect(vb.map(([key]) => key)).toEqual(va.map(([key]) => key));
      vb.forEach(([, v], i) => expect(v).toBeCloseTo(va[i]![1], 12));
    }

    const options = { draws: 20, seed: 3, rdmMethod: 'one_minus_pearson', comparison: 'spearman' };
    const sa = await similarityStatistics({ source, patterns: pa }, options);
    const sb = await similarityStatistics({ source, patterns: pb }, options);
    expect(sb.similarities.map((r) => [r.pair, r.value])).toEqual(sa.similarities.map((r) => [r.pair, r.value]));
    expect(sa.similarities.some((r) => r.value !== 0)).toBe(true);
  });
});
