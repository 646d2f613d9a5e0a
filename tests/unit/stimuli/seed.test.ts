import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/config.js';
import { drawTargets } from '../../../server/src/stimuli/choose.js';
import { parseStudy } from '../../../server/src/study/definition/definition.js';
import { GROUP_NAMES, KNOWN_PAIRS, groupOf } from '../../../server/src/stimuli/groups.js';
import { listStudies, loadStudy } from '../../../server/src/study/definition/load.js';
import { formatStudy } from '../../../server/src/study/definition/study-file.js';

const imagesDir = loadConfig().imagesDir;

describe('committed study definitions', () => {
  it('zhang2021 and ci-small are listed and valid', () => {
    expect(listStudies()).toEqual(expect.arrayContaining(['ci-small', 'zhang2021']));
  });

  it('zhang2021: 40 images, 8 per group, the five Fig. 1 pairs kept, every photo matching its sha256', () => {
    const s = loadStudy('zhang2021', existsSync(imagesDir) ? { imagesDir } : {});
    expect(s.images).toHaveLength(40);
    for (const g of GROUP_NAMES) expect(s.images.filter((i) => i.group === g)).toHaveLength(8);
    for (const k of KNOWN_PAIRS) {
      const im = s.images.find((i) => i.classIndex === k.classIndex);
      expect(im?.aiTarget).toEqual({ classIndex: k.target, label: k.targetLabel });
    }
    expect(new Set(s.images.map((i) => i.aiTarget.classIndex)).size).toBe(40);
    expect(s.images.every((i) => i.probability !== null && i.probability > 0.5)).toBe(true);
    expect(s.analysis).toMatchObject({ draws: 1000, fraction: 0.8, rdmMethod: 'one_minus_spearman', comparison: 'spearman', verticesPerHemisphere: 100, searchlightRadiusMm: 3 });
    expect(s.brain).toMatchObject({ simulated: true, subjects: 3 });
  });

  it('ci-small: 10 images, 2 per group, the small MobileNetV1', () => {
    const s = loadStudy('ci-small', existsSync(imagesDir) ? { imagesDir } : {});
    expect(s.images).toHaveLength(10);
    expect(s.network).toBe('mobilenet_v1_025');
  });

  it('the study file format round-trips (one line per image)', () => {
    const s = loadStudy('ci-small');
    const raw = JSON.parse(formatStudy({ ...(JSON.parse(JSON.stringify(s)) as Record<string, unknown>) })) as Record<string, unknown>;
    for (const im of raw.images as Record<string, unknown>[]) delete im.id;
    expect(parseStudy(raw, 'ci-small').images).toEqual(s.images);
    expect(formatStudy({ id: 'x', images: [{ a: 1 }, { b: 2 }] })).toBe('{\n  "id": "x",\n  "images": [\n    {"a":1},\n    {"b":2}\n  ]\n}\n');
  });
});

describe('AI target draw', () => {
  it('keeps Fig. 1 targets, draws the rest outside the groups without repeats, deterministically', () => {
    const classes = [173, 151, 152, 88, 7, 734, 407, 954, 948, 395, 0];
    const a = drawTargets(classes, 2021);
    expect(a).toEqual(drawTargets(classes, 2021));
    expect(a).not.toEqual(drawTargets(classes, 2022));
    expect(a[0]).toBe(339);
    expect(a[3]).toBe(42);
    expect(a[5]).toBe(736);
    expect(a[7]).toBe(998);
    expect(a[9]).toBe(40);
    expect(new Set(a).size).toBe(a.length);
    for (const t of a) expect(groupOf(t)).toBeUndefined();
  });
});
