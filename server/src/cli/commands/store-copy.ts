import { DomainError } from '../../core/errors.js';
import type { Command } from '../command.js';

/** `store copy FROM TO`: moves a study's artifacts between SQLite and PostgreSQL, either way. */
const storeCopy: Command = {
  name: 'store copy',
  summary: 'copy every artifact from one store to another (SQLite file <-> postgres:// URL), verifying checksums',
  help: `usage: adversarial-rsa store copy FROM TO

Copies every artifact of store FROM that store TO lacks; each is a SQLite file path or a postgres:// URL
(postgres://user[:password]@host[:port]/database). Every source entry is verified on read and every written
entry is read back and its checksum compared; keys and provenance are kept, so TO serves exactly what FROM did.
Entries TO holds already are kept (entries are immutable). Prints a JSON summary on stdout:
{"from", "to", "copied", "present", "bytes", "seconds"}.`,
  options: {},
  positionals: true,
  async run(ctx) {
    if (ctx.positionals.length !== 2) {
      throw new DomainError('BAD_USER_INPUT', `store copy takes two stores, FROM and TO (a SQLite file or a postgres:// URL); got ${ctx.positionals.length}: ${ctx.positionals.join(' ') || '(none)'}`);
    }
    const [fromArg, toArg] = ctx.positionals as [string, string];
    const { resolve } = await import('node:path');
    const { existsSync } = await import('node:fs');
    const { openStore } = await import('../../store/open.js');
    const { isPostgresUrl, redact } = await import('../../store/postgres.js');
    const { copyStore } = await import('../../store/copy.js');
    const where = (s: string): string => (isPostgresUrl(s) ? s : resolve(s));
    if (!isPostgresUrl(fromArg) && !existsSync(where(fromArg))) {
      throw new DomainError('NOT_FOUND', `source store '${fromArg}' not found: give a SQLite file that exists or a postgres:// URL`);
    }
    if (where(fromArg) === where(toArg)) throw new DomainError('BAD_USER_INPUT', `FROM and TO are the same store: ${fromArg}`);
    const t0 = performance.now();
    const from = openStore({ storePath: where(fromArg) });
    try {
      const to = openStore({ storePath: where(toArg) });
      try {
        let lastKind = '';
        const r = await copyStore(from, to, (done, total, kind) => {
          if (kind !== lastKind) ctx.stderr.write(`store copy: ${done}/${total} (${kind})\n`);
          lastKind = kind;
        });
        const label = (s: string): string => (isPostgresUrl(s) ? redact(s) : where(s));
        ctx.stdout.write(`${JSON.stringify({ from: label(fromArg), to: label(toArg), ...r, seconds: Math.round((performance.now() - t0) / 100) / 10 })}\n`);
        return 0;
      } finally {
        await to.close();
      }
    } finally {
      await from.close();
    }
  },
};

export default storeCopy;
