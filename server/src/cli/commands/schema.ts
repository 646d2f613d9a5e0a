import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../config/config.js';
import { printApiSchema } from '../../graphql/schema.js';
import type { Command } from '../command.js';

/** `schema`: prints the GraphQL schema from the code to schema/schema.graphql (committed; a test checks drift). */
const schema: Command = {
  name: 'schema',
  summary: 'write the GraphQL schema printed from the code to schema/schema.graphql',
  help: `usage: adversarial-rsa schema [--out FILE] [--check]

Prints the schema built from the type-graphql classes (sorted SDL) to schema/schema.graphql, or to FILE.
  --out FILE   where to write (default schema/schema.graphql; "-" for stdout)
  --check      write nothing; exit 1 when the committed file differs from the code`,
  options: { out: { type: 'string' }, check: { type: 'boolean' } },
  async run(ctx) {
    const sdl = await printApiSchema();
    const out = typeof ctx.values.out === 'string' ? ctx.values.out : join(PROJECT_ROOT, 'schema', 'schema.graphql');
    if (ctx.values.check === true) {
      const { readFileSync, existsSync } = await import('node:fs');
      const same = existsSync(out) && readFileSync(out, 'utf8') === sdl;
      ctx.stderr.write(same ? `${out} is up to date\n` : `${out} differs from the code; run \`npm run build && npm run schema\`\n`);
      return same ? 0 : 1;
    }
    if (out === '-') ctx.stdout.write(sdl);
    else {
      writeFileSync(out, sdl);
      ctx.stderr.write(`wrote ${out}\n`);
    }
    return 0;
  },
};
export default schema;
