import { writeFileSync } from 'node:fs';
import { DomainError } from '../../core/errors.js';
import { EXPORT_NAMES, renderExport } from '../../study/output/exports.js';
import type { Command } from '../command.js';
import { openStudy } from '../open-study.js';

/** `export`: the result sets of /export/<name>.csv|json, for scripts, without a server. */
const exportCommand: Command = {
  name: 'export',
  summary: 'write a whole result set (similarities, encoding, power, ...) as CSV or JSON',
  help: `usage: adversarial-rsa export --what SET [--format csv|json] [--out FILE]

Writes one result set of the configured study, computing what the store lacks. Same content as the server's
/export/SET.csv (metadata as "# key: value" lines) or /export/SET.json ({ metadata, columns, rows }).
  --what SET       ${EXPORT_NAMES.join(' | ')}
  --format F       csv (default) | json
  --out FILE       default: stdout`,
  options: { what: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  async run(ctx) {
    const what = ctx.values.what;
    if (typeof what !== 'string' || !(EXPORT_NAMES as string[]).includes(what)) {
      throw new DomainError('BAD_USER_INPUT', `--what must be one of: ${EXPORT_NAMES.join(', ')}; got '${String(what ?? '')}'`);
    }
    const format = ctx.values.format ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new DomainError('BAD_USER_INPUT', `--format must be csv or json; got '${String(format)}'`);
    // Computes on demand what the set needs (a cold store may take minutes: `start` or `seed` fill it with progress).
    const study = await openStudy(ctx.config);
    let text: string;
    try {
      text = await renderExport(study, what, format);
    } finally {
      await study.close?.();
    }
    if (typeof ctx.values.out === 'string') {
      writeFileSync(ctx.values.out, text);
      ctx.stderr.write(`wrote ${ctx.values.out}\n`);
    } else ctx.stdout.write(text);
    return 0;
  },
};
export default exportCommand;
