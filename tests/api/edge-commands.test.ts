/**
 * Issue 12 items 3, 9, 12, 13, 14 on the command line: flags and ids refused against the study definition before
 * anything is computed (no store file appears), missing input files named, `brain export` in the study's stimulus
 * order with a --kind filter, and the exports' labels and simulated flags, against the warm ci-small store.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command, ParsedValues } from '../../server/src/cli/command.js';
import brainCommands from '../../server/src/cli/commands/brain.js';
import classify from '../../server/src/cli/commands/classify.js';
import compare from '../../server/src/cli/commands/compare.js';
import stimuliCommands from '../../server/src/cli/commands/stimuli.js';
import exportCommand from '../../server/src/cli/commands/export.js';
import rdm from '../../server/src/cli/commands/rdm.js';
import seed from '../../server/src/cli/commands/seed.js';
import { loadConfig, type Config } from '../../server/src/config/config.js';
import { createStudyService } from '../../server/src/study/study-service.js';
import { DownloadService } from '../../server/src/study/output/download-service.js';
import { decodeNpy } from '../../server/src/core/npy.js';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
const warm: Config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: DATA, ARSA_STORE: join(DATA, 'store.sqlite') });
const brainExport = (brainCommands as Command[]).find((c) => c.name === 'brain export')!;
const brainSummary = (brainCommands as Command[]).find((c) => c.name === 'brain summary')!;

async function run(cmd: Command, values: ParsedValues, config: Config, positionals: string[] = []): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await cmd.run({ values, positionals, config, stdout, stderr });
  return { code, out };
}

let dir: string;
let empty: string;
let cold: Config;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'arsa-edge-'));
  empty = join(dir, 'cold-data');
  cold = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: empty, ARSA_STORE: join(empty, 'store.sqlite') });
});
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

describe('flags checked before any computation (item 3)', () => {
  it.each([
    [{ subject: 'S1', roi: 'V9' }, /unknown ROI 'V9'; valid: V1, V2, V3, V4, LO/],
    [{ subject: 'S1', roi: 'V1' }, /unknown subject 'S1'; valid: sim01, sim02/],
    [{ subject: 'sim01', roi: 'V1', hemisphere: 'XH' }, /unknown hemisphere 'XH'; valid: LH, RH, both/],
    [{ subject: 'sim01', roi: 'V1', kind: 'AI_CONTROL' }, /unknown --kind 'AI_CONTROL'; valid: RE, AN, AI/],
  ])('brain export %o is refused at once and creates no store', async (flags, message) => {
    await expect(run(brainExport, { ...flags, out: join(dir, 'x') }, cold)).rejects.toThrow(message);
    expect(existsSync(empty)).toBe(false);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('brain export --simulate checks the subject against --subjects', async () => {
    await expect(run(brainExport, { subject: 'sim03', roi: 'V1', out: join(dir, 'y'), simulate: true, subjects: '2' }, cold)).rejects.toThrow(/unknown subject 'sim03'; valid: sim01, sim02/);
  });

  it('brain summary refuses an unknown subject before computing', async () => {
    await expect(run(brainSummary, { subject: 'nobody' }, cold)).rejects.toThrow(/unknown subject 'nobody'/);
    expect(existsSync(empty)).toBe(false);
  });

  it('seed refuses an unknown --only group or --study before creating a store', async () => {
    await expect(run(seed, { only: ['stimuli', 'brian'] }, cold)).rejects.toThrow(/unknown --only group 'brian'; valid: stimuli, /);
    const other = loadConfig({ ...process.env, ARSA_STUDY: 'no-such-study', ARSA_DATA_DIR: empty, ARSA_STORE: join(empty, 'store.sqlite') });
    await expect(run(seed, {}, other)).rejects.toThrow(/unknown study 'no-such-study'; valid: .*ci-small/);
    expect(existsSync(empty)).toBe(false);
  });

  it('stimuli choose refuses an unknown network before measuring the first', async () => {
    const choose = (stimuliCommands as Command[]).find((c) => c.name === 'stimuli choose')!;
    await expect(run(choose, { networks: 'mobilenet_v1_025,mobilenet_v9' }, cold)).rejects.toThrow(/unknown network 'mobilenet_v9'; valid: .*mobilenet_v2/);
  });

  it('classify names a missing image before loading the network', async () => {
    const missing = join(dir, 'nope.jpg');
    await expect(run(classify, {}, cold, [missing])).rejects.toThrow(`IMAGE '${missing}' does not exist`);
  });

  it('rdm and compare name a missing file instead of an ENOENT stack', async () => {
    const missing = join(dir, 'nope.npy');
    await expect(run(rdm, { out: join(dir, 'r.npy') }, cold, [missing])).rejects.toThrow(`PATTERNS file '${missing}' does not exist`);
    await expect(run(compare, {}, cold, [missing, missing])).rejects.toThrow(`RDM file '${missing}' does not exist`);
    await expect(run(compare, { method: 'kendall' }, cold, [missing, missing])).rejects.toThrow(/unknown --method 'kendall'; valid: /);
  });
});

describe('brain export from the store (items 9, 14)', () => {
  it('writes the stimulus axis in the study order RE, AN, AI', async () => {
    const out = join(dir, 'all');
    expect((await run(brainExport, { subject: 'sim01', roi: 'V1', out }, warm)).code).toBe(0);
    const ids = readFileSync(join(out, 'stimuli.csv'), 'utf8').trim().split('\n').slice(1);
    const kinds = ids.map((id) => id.split('-')[0]);
    const firstOf = (k: string): number => kinds.indexOf(k);
    const lastOf = (k: string): number => kinds.lastIndexOf(k);
    expect(kinds[0]).toBe('RE');
    expect(lastOf('RE')).toBeLessThan(firstOf('AN'));
    expect(lastOf('AN')).toBeLessThan(firstOf('AI'));
  });

  it('--kind keeps only those stimuli, with the betas cut to match', async () => {
    const out = join(dir, 'ai');
    const r = await run(brainExport, { subject: 'sim01', roi: 'V1', out, kind: 'AI' }, warm);
    const shape = (JSON.parse(r.out) as { shape: number[] }).shape;
    const ids = readFileSync(join(out, 'stimuli.csv'), 'utf8').trim().split('\n').slice(1);
    expect(ids.length).toBe(shape[1]);
    expect(ids.every((id) => id.startsWith('AI-'))).toBe(true);
    expect(readdirSync(out)).toContain('responses.npy');
  });
});

describe('export labels and flags (items 12, 13)', () => {
  it('stimuli: top1_label uses the short vocabulary of class_label, synonyms in their own columns', async () => {
    const doc = JSON.parse((await run(exportCommand, { what: 'stimuli', format: 'json' }, warm)).out) as { metadata: Record<string, unknown>; columns: string[]; rows: unknown[][] };
    const col = (n: string): number => doc.columns.indexOf(n);
    const re = doc.rows.filter((r) => r[col('kind')] === 'RE');
    const correct = re.filter((r) => (r[col('top1_synonyms')] as string) === (r[col('class_synonyms')] as string));
    expect(correct.length).toBeGreaterThan(0);
    for (const r of correct) expect(r[col('top1_label')]).toBe(r[col('class_label')]);
    expect(re.some((r) => (r[col('class_synonyms')] as string).includes(','))).toBe(true);
    // The study's order on the stimulus table too.
    expect(doc.rows[0]![col('kind')]).toBe('RE');
  });

  it('similarities JSON: simulated is a boolean in the metadata and on each row, true for subject rows only', async () => {
    const doc = JSON.parse((await run(exportCommand, { what: 'similarities', format: 'json' }, warm)).out) as { metadata: Record<string, unknown>; columns: string[]; rows: unknown[][] };
    expect(doc.metadata.simulated).toBe(true);
    const sim = doc.columns.indexOf('simulated');
    const kind = doc.columns.indexOf('source_kind');
    for (const r of doc.rows) expect(r[sim]).toBe(r[kind] === 'roi');
  });
});

describe('the vertex table (item 11)', () => {
  it('holds each ROI\'s selected vertices: their count and median reliability are the subject records\'', async () => {
    const doc = JSON.parse((await run(exportCommand, { what: 'vertices', format: 'json' }, warm)).out) as { columns: string[]; rows: unknown[][] };
    const c = (n: string): number => doc.columns.indexOf(n);
    const study = await createStudyService(warm);
    try {
      const rois = (await study.subjects()).flatMap((s) => s.rois);
      expect(rois.length).toBeGreaterThan(0);
      for (const roi of rois) {
        const kept = doc.rows.filter((r) => r[c('subject')] === roi.subject && r[c('roi')] === roi.roi && r[c('hemisphere')] === roi.hemisphere && r[c('selected')] === true);
        expect(kept).toHaveLength(roi.nSelected);
        const rel = kept.map((r) => r[c('reliability')] as number).sort((a, b) => a - b);
        const m = rel.length % 2 ? rel[(rel.length - 1) / 2]! : (rel[rel.length / 2 - 1]! + rel[rel.length / 2]!) / 2;
        expect(m).toBeCloseTo(roi.medianReliabilitySelected, 6);
      }
    } finally {
      await study.close();
    }
  });
});

describe('provenance names the subject (item 12)', () => {
  it('per-subject stages carry the subject id in their params, not its position', async () => {
    const study = await createStudyService(warm);
    try {
      const sims = await study.similarities({ sourceKind: 'roi' });
      const [p] = await study.provenance([sims[0]!.provenanceKey]);
      const params = JSON.parse(p!.params) as { subject: unknown };
      expect(params.subject).toBe(sims[0]!.source.kind === 'roi' ? sims[0]!.source.subject : undefined);
      expect(params.subject).toMatch(/^sim\d\d$/);
    } finally {
      await study.close();
    }
  });
});

describe('the responses download of the real pipeline (item 9)', () => {
  it('has its stimulus axis in the study order, labelled, with the subset cut from the same order', async () => {
    const study = await createStudyService(warm);
    try {
      const downloads = new DownloadService(study);
      const ref = { kind: 'responses' as const, subject: 'sim01', roi: 'V1' as const };
      const labels = await downloads.labels(ref);
      const kinds = labels.rows.map((id) => id.split('-')[0]);
      expect([...new Set(kinds)]).toEqual(['RE', 'AN', 'AI']);
      expect(labels).toMatchObject({ study: 'ci-small', simulated: true });
      const nRe = kinds.filter((k) => k === 'RE').length;
      const part = await downloads.labels(ref, { stimuli: [0, nRe] });
      expect(part.rows).toEqual(labels.rows.slice(0, nRe));
      const npy = decodeNpy((await downloads.encode(ref, 'npy', { stimuli: [0, nRe] })).bytes);
      expect(npy.shape[1]).toBe(nRe);
      expect(npy.shape[2]).toBe(labels.columns!.length);
    } finally {
      await study.close();
    }
  });
});
