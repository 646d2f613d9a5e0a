import { existsSync, renameSync, rmSync } from 'node:fs';
import { DomainError } from '../../core/errors.js';
import { SqliteArtifactStore } from '../../store/sqlite.js';
import type { Command } from '../command.js';

/**
 * `store check` and `store repair`: the way out of a store file damaged at the SQLite level (issue 13 item 7),
 * which the server refuses to open (PRAGMA quick_check). Check lists what is readable; repair copies every
 * readable, checksum-verified artifact into a fresh file, keeps the damaged one beside it as
 * `<store>.damaged-<time>`, and leaves the rest to be recomputed by the next `start` or `seed`.
 */

interface Inspection {
  /** SQLite's own verdict (quick_check), or why the file cannot be opened at all. */
  sqlite: string;
  opened: boolean;
  readable: string[];
  unreadable: { key: string; reason: string }[];
}

function inspect(path: string): Inspection & { store?: SqliteArtifactStore } {
  const unreadable: { key: string; reason: string }[] = [];
  let store: SqliteArtifactStore;
  try {
    store = new SqliteArtifactStore(path, { readonly: true, quickCheck: false, onCorrupt: (key, reason) => unreadable.push({ key, reason }) });
  } catch (e) {
    return { sqlite: `cannot open: ${(e as Error).message}`, opened: false, readable: [], unreadable };
  }
  let sqlite: string;
  try {
    sqlite = (store.database.pragma('quick_check(20)') as { quick_check: string }[]).map((r) => r.quick_check).join('; ');
  } catch (e) {
    sqlite = `quick_check failed: ${(e as Error).message}`;
  }
  let keys: string[] = [];
  try {
    keys = store.database.prepare<[], { key: string }>('SELECT key FROM artifacts ORDER BY key').all().map((r) => r.key);
  } catch (e) {
    sqlite += `; the artifact index cannot be listed: ${(e as Error).message}`;
  }
  return { sqlite, opened: true, readable: keys, unreadable, store };
}

async function readableKeys(i: Inspection & { store?: SqliteArtifactStore }): Promise<string[]> {
  const ok: string[] = [];
  for (const key of i.readable) {
    const seen = i.unreadable.length;
    let entry: unknown;
    try {
      entry = await i.store!.get(key);
    } catch (e) {
      i.unreadable.push({ key, reason: (e as Error).message });
      continue;
    }
    if (entry !== undefined) ok.push(key);
    else if (i.unreadable.length === seen) i.unreadable.push({ key, reason: 'unreadable' });
  }
  return ok;
}

/** The store file inspected (SQLite check, artifacts listed) and the keys whose checksums verify; a missing file is refused. */
async function inspectStoreFile(path: string): Promise<{ path: string; i: ReturnType<typeof inspect>; ok: Awaited<ReturnType<typeof readableKeys>> }> {
  if (!existsSync(path)) throw new DomainError('NOT_FOUND', `no store file at ${path}; set it with --store or ARSA_STORE`, { value: path });
  const i = inspect(path);
  return { path, i, ok: i.opened ? await readableKeys(i) : [] };
}

const check: Command = {
  name: 'store check',
  summary: 'check the store file at the SQLite level and every artifact\'s checksums (changes nothing)',
  help: `usage: adversarial-rsa store check [--store FILE]

Opens the store read-only, runs SQLite's quick_check, reads every artifact and verifies its checksums. Prints
one line per unreadable artifact, then a JSON summary {"store", "sqlite", "artifacts", "readable", "unreadable"}.
Exits 0 when everything is readable, 1 otherwise (then run \`store repair\`).`,
  options: {},
  async run(ctx) {
    const { path, i, ok } = await inspectStoreFile(ctx.config.storePath);
    await i.store?.close();
    for (const u of i.unreadable) ctx.stdout.write(`unreadable ${u.key}: ${u.reason}\n`);
    ctx.stdout.write(`${JSON.stringify({ store: path, sqlite: i.sqlite, artifacts: i.readable.length, readable: ok.length, unreadable: i.opened ? i.unreadable.length : null })}\n`);
    const sound = i.opened && i.sqlite === 'ok' && i.unreadable.length === 0;
    if (!sound) ctx.stderr.write(`store ${path} is damaged: run \`adversarial-rsa store repair --store ${path}\`\n`);
    return sound ? 0 : 1;
  },
};

const repair: Command = {
  name: 'store repair',
  summary: 'keep every readable artifact of a damaged store in a fresh file; the rest is recomputed',
  help: `usage: adversarial-rsa store repair [--store FILE]

Copies every artifact that SQLite can read and whose checksums verify into a new store file, moves the damaged
file aside as FILE.damaged-<time> (nothing is deleted), and puts the new file in its place. A file SQLite cannot
open at all is moved aside and an empty store starts. What was dropped is recomputed by the next \`start\` or
\`seed\`. Prints a JSON summary {"store", "kept", "dropped", "damagedCopy"}.`,
  options: {},
  async run(ctx) {
    const { path, i, ok } = await inspectStoreFile(ctx.config.storePath);
    const fresh = `${path}.repair-${process.pid}`;
    for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) rmSync(f, { force: true });
    const dst = new SqliteArtifactStore(fresh);
    try {
      if (i.store) {
        const src = i.store.database;
        const row = src.prepare<[string], Record<string, unknown>>('SELECT key, kind, params, inputs, code_version, provenance, parts, checksum, stored_at FROM artifacts WHERE key = ?');
        const parts = src.prepare<[string], { name: string; data: Buffer }>('SELECT name, data FROM parts WHERE key = ?');
        const insRow = dst.database.prepare('INSERT INTO artifacts (key, kind, params, inputs, code_version, provenance, parts, checksum, stored_at) VALUES (@key, @kind, @params, @inputs, @code_version, @provenance, @parts, @checksum, @stored_at)');
        const insPart = dst.database.prepare('INSERT INTO parts (key, name, data) VALUES (?, ?, ?)');
        const copy = dst.database.transaction((key: string) => {
          insRow.run(row.get(key));
          for (const p of parts.all(key)) insPart.run(key, p.name, p.data);
        });
        for (const key of ok) copy(key);
      }
    } finally {
      await dst.close();
      await i.store?.close();
    }
    const damagedCopy = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, damagedCopy);
    for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, damagedCopy + suffix);
    renameSync(fresh, path);
    ctx.stdout.write(`${JSON.stringify({ store: path, kept: ok.length, dropped: i.opened ? i.readable.length - ok.length : 'all (the file could not be opened)', damagedCopy })}\n`);
    return 0;
  },
};

export default [check, repair];
