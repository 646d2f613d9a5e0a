/**
 * The scripted bulk exports, `export --what SET` and `stimuli export --out DIR`, run against the warm ci-small store
 * that the global setup computed (ARSA_API_TEST_DATA): the same rows the server's /export routes give, the PNGs
 * byte-identical to /stimuli/<id>.png, and bad flags refused with the valid values.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command, ParsedValues } from '../../server/src/cli/command.js';
import exportCommand from '../../server/src/cli/commands/export.js';
import stimuliCommands from '../../server/src/cli/commands/stimuli.js';
import { loadConfig, type Config } from '../../server/src/config/config.js';
import { sha256 } from '../../server/src/core/hash.js';
import { createStudyService, type PipelineStudyService } from '../../server/src/study/study-service.js';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
const config: Config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: DATA, ARSA_STORE: join(DATA, 'store.sqlite') });
const stimuliExport = (stimuliCommands as Command[]).find((c) => c.name === 'stimuli export')!;

async function run(cmd: Command, values: ParsedValues): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await cmd.run({ values, positionals: [], config, stdout, stderr });
  return { code, out };
}

let study: PipelineStudyService;
let dir: string;
beforeAll(async () => {
  study = await createStudyService(config);
  dir = mkdtempSync(join(tmpdir(), 'arsa-export-'));
});
afterAll(async () => {
  await study?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('export --what', () => {
  it('writes every similarity row as CSV with metadata lines, matching the service', async () => {
    const file = join(dir, 'sims.csv');
    expect((await run(exportCommand, { what: 'similarities', out: file })).code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^# /);
    const table = lines.filter((l) => !l.startsWith('#'));
    const header = table[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['pair', 'value', 'ci_low', 'ci_high', 'p']));
    const sims = await study.similarities();
    expect(table.length - 1).toBe(sims.length);
    const valueCol = header.indexOf('value');
    const fromFile = table.slice(1).map((l) => Number(l.split(',')[valueCol])).sort((a, b) => a - b);
    const fromService = sims.map((s) => s.value).sort((a, b) => a - b);
    fromFile.forEach((v, i) => expect(v).toBeCloseTo(fromService[i]!, 6));
  });

  it('writes JSON with metadata, columns and rows', async () => {
    const { code, out } = await run(exportCommand, { what: 'power', format: 'json' });
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { metadata: Record<string, unknown>; columns: string[]; rows: unknown[][] };
    expect(doc.columns).toEqual(expect.arrayContaining(['roi', 'power']));
    expect(doc.rows.length).toBe((await study.power()).length);
  });

  it('refuses an unknown set or format, naming the valid ones', async () => {
    await expect(run(exportCommand, { what: 'everything' })).rejects.toThrow(/--what must be one of: .*similarities.*got 'everything'/);
    await expect(run(exportCommand, { what: 'power', format: 'xlsx' })).rejects.toThrow(/--format must be csv or json; got 'xlsx'/);
  });
});

describe('stimuli export', () => {
  it('writes one PNG per stimulus, byte-identical to the service, plus the CSV and JSON tables', async () => {
    const out = join(dir, 'stimuli');
    expect((await run(stimuliExport, { out, kind: 'AI' })).code).toBe(0);
    const records = await study.stimuli({ kind: 'AI' });
    const pngs = readdirSync(out).filter((f) => f.endsWith('.png')).sort();
    expect(pngs).toEqual(records.map((r) => `${r.id}.png`).sort());
    for (const r of records) {
      const bytes = readFileSync(join(out, `${r.id}.png`));
      expect(sha256(bytes)).toBe(r.imageSha256);
    }
    const rows = JSON.parse(readFileSync(join(out, 'stimuli.json'), 'utf8')) as unknown[];
    expect(rows).toHaveLength(records.length);
    expect(readFileSync(join(out, 'stimuli.csv'), 'utf8').trim().split('\n')).toHaveLength(records.length + 1);
  });

  it('refuses an unknown kind with the valid list', async () => {
    await expect(run(stimuliExport, { out: join(dir, 'x'), kind: 'XX' })).rejects.toThrow(/unknown --kind 'XX'; valid: RE, AN, AI, AI_CONTROL/);
  });
});
