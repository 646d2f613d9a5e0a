/**
 * --network and --weights with several served studies (issue 11 items 1 and 4; cli/served-studies.ts):
 * --weights applies to every study whose network needs weights and whose study file names none; a study whose
 * network cannot read the file is refused before anything is stored, naming the study, the file and the
 * architecture it expected (skipped with --all-studies); --network with several studies is refused saying how to
 * write a study file instead; with one study both stay that study's overrides.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { servedStudies } from '../../../server/src/cli/served-studies.js';
import { openServedStudies } from '../../../server/src/cli/served-open.js';
import { loadConfig, PROJECT_ROOT } from '../../../server/src/config/config.js';
import { SqliteArtifactStore } from '../../../server/src/store/sqlite.js';
import { runCli } from '../../support/cli.js';

const FIX = join(PROJECT_ROOT, 'tests', 'fixtures', 'networks', 'alexnet');
const CAFFE = join(FIX, 'caffe_small.npz');
const TV_STUDY = join(FIX, 'alexnet-small-torchvision.json');
const tmp = mkdtempSync(join(tmpdir(), 'arsa-served-overrides-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The torchvision fixture study without its recorded weights: --weights is what it reads. */
const TV_BARE = join(tmp, 'tv-bare.json');
{
  const raw = JSON.parse(readFileSync(TV_STUDY, 'utf8')) as Record<string, unknown>;
  delete raw.weights;
  writeFileSync(TV_BARE, JSON.stringify({ ...raw, id: 'tv-bare' }));
}
const config = (flags: Record<string, string> = {}) => loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_WORKERS: '1' }, flags);

describe('--weights and --network with several studies', () => {
  it('--weights goes to the studies whose network needs weights and whose file names none, and nowhere else', () => {
    const lines: string[] = [];
    const s = servedStudies({ study: ['ci-small', join(FIX, 'alexnet-small.json'), TV_STUDY] }, config({ '--weights': CAFFE }), (l) => lines.push(l));
    expect(s.map((x) => [x.definition.id, x.config.weights ?? null, x.weightsFromFlag])).toEqual([
      ['ci-small', null, false], // MobileNet: takes no weights file
      ['alexnet-small', CAFFE, true], // AlexNet, its file names none
      ['alexnet-small-torchvision', null, false], // its file records torchvision_small.npz
    ]);
    expect(lines).toEqual([expect.stringMatching(/^study alexnet-small-torchvision: reads the weights file its study file records \(.*torchvision_small\.npz\); --weights applies to studies that name none$/)]);
    expect(s[0]!.config.study).toBe('ci-small');
  });

  it('with one study --weights and --network stay its overrides (as for seed)', () => {
    const [one] = servedStudies({ study: [TV_STUDY] }, config({ '--weights': CAFFE }), () => {});
    expect(one!.config.weights).toBe(CAFFE);
    const [net] = servedStudies({ study: ['ci-small'] }, config({ '--network': 'mobilenet_v1_050' }), () => {});
    expect(net!.config.network).toBe('mobilenet_v1_050');
  });

  it('refuses --weights that no served study reads, and a study that needs weights and gets none', () => {
    expect(() => servedStudies({ study: ['ci-small', 'zhang2021'] }, config({ '--weights': CAFFE }), () => {}))
      .toThrow(/--weights '.*caffe_small\.npz' applies to no served study: none of ci-small \(mobilenet_v1_025\), zhang2021 \(mobilenet_v2\w*\) runs a network that reads a weights file \(alexnet, alexnet_torchvision\)/);
    expect(() => servedStudies({ study: ['ci-small', TV_BARE] }, config(), () => {}))
      .toThrow(/study tv-bare: network alexnet_torchvision needs a weights file and none was given .*torchvision\.models\.alexnet/s);
  });

  it('--network with several studies is refused, saying it overrides one study and how to write a study file', () => {
    const msg = /--network mobilenet_v1_050 overrides the network of one study, but 2 are served \(ci-small, zhang2021\)\. To serve a study on another network beside others, write a study file: copy seed\/<study>\.json .* "network": "mobilenet_v1_050" .* --study my-study\.json/;
    expect(() => servedStudies({ study: ['ci-small', 'zhang2021'] }, config({ '--network': 'mobilenet_v1_050' }), () => {})).toThrow(msg);
    expect(() => servedStudies({ 'all-studies': true }, config({ '--network': 'mobilenet_v1_050' }), () => {})).toThrow(/--network mobilenet_v1_050 overrides the network of one study, but \d+ are served/);
  });

  it('start refuses a study that cannot read the --weights file before anything is stored, naming study, file and architecture', async () => {
    const store = join(tmp, 'refused.sqlite');
    const r = await runCli(['start', '--study', 'ci-small', '--study', TV_BARE, '--weights', CAFFE, '--store', store, '--workers', '1', '--port', '0', '--no-site']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/study tv-bare: the weights do not fit network alexnet_torchvision: .*caffe_small\.npz: /);
    expect(r.err).toMatch(/Study tv-bare expects weights of alexnet_torchvision \(torchvision's AlexNet .*\) and was given --weights '.*caffe_small\.npz', which applies to every served study whose network needs weights and whose study file names none/);
    expect(r.out).not.toMatch(/serving/);
    const s = new SqliteArtifactStore(store);
    try {
      expect(await s.list()).toEqual([]);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('--all-studies skips such a study with the reason in the log and serves the others', async () => {
    const lines: string[] = [];
    const cfg = config({ '--weights': CAFFE });
    const served = servedStudies({ study: ['ci-small', TV_BARE] }, cfg, () => {});
    const store = new SqliteArtifactStore(join(tmp, 'skip.sqlite'));
    try {
      const opened = await openServedStudies(served, store, { skip: true, log: (l) => lines.push(l) });
      try {
        expect(opened.map((o) => o.served.definition.id)).toEqual(['ci-small']);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^skipping study tv-bare: study tv-bare: the weights do not fit network alexnet_torchvision: .*caffe_small\.npz.*expects weights of alexnet_torchvision/s);
      } finally {
        for (const o of opened) await o.study.close?.();
      }
      // Refused (not skipped) without --all-studies, and the study opened before it is closed again.
      await expect(openServedStudies(served, store, { skip: false, log: () => {} })).rejects.toThrow(/study tv-bare: the weights do not fit network alexnet_torchvision/);
    } finally {
      await store.close();
    }
  }, 120_000);
});
