import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { isDomainError } from '../../server/src/core/errors.js';
import { openSqliteStore } from '../../server/src/store/sqlite.js';

/**
 * Issue 13 item 7: a store damaged at the SQLite level (a header, a page chain) is refused at open with a coded
 * error that names `store check` and `store repair`; a read SQLite cannot do counts as a checksum failure (the
 * entry reads as missing and is recomputed); `store repair` keeps every readable artifact.
 */
const dir = mkdtempSync(join(tmpdir(), 'arsa-store-damage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROV = { backend: 'none', network: 'none', weightsSha256: '', computedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 };
const BIG = 64 * 1024;

/** A store with a small artifact and a big one whose bytes (0x5a) span overflow pages; returns its path. */
async function makeStore(name: string): Promise<string> {
  const path = join(dir, name);
  const s = openSqliteStore(path);
  await s.put({ key: 'small', kind: 'k', params: '{}', inputs: [], codeVersion: 'k@1', provenance: PROV, payload: { v: new Float32Array([1, 2, 3]) } });
  await s.put({ key: 'big', kind: 'k', params: '{}', inputs: [], codeVersion: 'k@1', provenance: PROV, payload: { v: new Uint8Array(BIG).fill(0x5a) } });
  await s.close();
  return path;
}

/**
 * Breaks the overflow chain of the big part: the next-page pointer of one of its overflow pages points nowhere.
 * An overflow page is 4 bytes of next-page number then content, so the first page whose content is all 0x5a is
 * one (found by content, not position: the schema's tables decide where the value's pages land).
 */
function breakPageChain(path: string): void {
  const bytes = readFileSync(path);
  const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
  const full = Buffer.alloc(pageSize - 4, 0x5a);
  let page = -1;
  for (let p = 1; (p + 1) * pageSize <= bytes.length; p++) {
    if (bytes.subarray(p * pageSize + 4, (p + 1) * pageSize).equals(full)) { page = p; break; }
  }
  expect(page).toBeGreaterThan(0);
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.from([0x7f, 0xff, 0xff, 0xff]), 0, 4, page * pageSize);
  closeSync(fd);
}

const cli = (argv: string[]): ReturnType<typeof runCli> => runCli(argv);

const refusal = (path: string): unknown => {
  try {
    openSqliteStore(path);
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('SQLite-level damage of the store', () => {
  it('refuses a damaged header at open with a coded error naming store check / store repair; repair starts afresh', async () => {
    const path = await makeStore('header.sqlite');
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from('this is no sqlite'), 0, 16, 0);
    closeSync(fd);
    const e = refusal(path);
    expect(isDomainError(e)).toBe(true);
    expect((e as Error).message).toContain('store check');
    expect((e as Error).message).toContain('store repair');
    // `start` says so in one line and exits 1 (it used to crash with an uncaught SqliteError stack).
    const started = await cli(['start', '--study', 'ci-small', '--store', path, '--data-dir', dir, '--no-precompute', '--no-site', '--port', '0']);
    expect(started.code).toBe(1);
    expect(started.err).toMatch(/^adversarial-rsa start: the store file .* is damaged at the SQLite level .*store repair/);
    const checked = await cli(['store', 'check', '--store', path]);
    expect(checked.code).toBe(1);
    expect(checked.out).toContain('cannot open');
    const repaired = await cli(['store', 'repair', '--store', path]);
    expect(repaired.code).toBe(0);
    expect(JSON.parse(repaired.out.trim()).damagedCopy).toContain('header.sqlite.damaged-');
    const s = openSqliteStore(path);
    expect(await s.has('small')).toBe(false);
    await s.close();
  });

  it('refuses a broken page chain at open; a read SQLite cannot do reads as missing; repair keeps the readable artifacts', async () => {
    const path = await makeStore('chain.sqlite');
    breakPageChain(path);
    const e = refusal(path);
    expect(isDomainError(e)).toBe(true);
    // Refused at open, whether quick_check reports the damage or throws on it (where the pages land decides).
    expect((e as Error).message).toMatch(/damaged at the SQLite level[\s\S]*store repair/);
    // Opened without the check (as `store check` does), the damaged entry is reported like a checksum failure.
    const reported: string[] = [];
    const unchecked = openSqliteStore(path, { quickCheck: false, onCorrupt: (key) => reported.push(key) });
    expect(await unchecked.getPart('big', 'v')).toBeUndefined();
    expect(reported).toEqual(['big']);
    expect(Array.from((await unchecked.getPart('small', 'v')) as Float32Array)).toEqual([1, 2, 3]);
    await unchecked.close();
    const checked = await cli(['store', 'check', '--store', path]);
    expect(checked.code).toBe(1);
    const repaired = await cli(['store', 'repair', '--store', path]);
    expect(repaired.code).toBe(0);
    expect(JSON.parse(repaired.out.trim())).toMatchObject({ kept: 1, dropped: 1 });
    expect((await cli(['store', 'check', '--store', path])).code).toBe(0);
    const s = openSqliteStore(path);
    expect(Array.from((await s.getPart('small', 'v')) as Float32Array)).toEqual([1, 2, 3]);
    expect(await s.has('big')).toBe(false);
    await s.close();
  });
});
