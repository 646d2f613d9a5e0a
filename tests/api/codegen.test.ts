/**
 * The site's generated GraphQL types (site/src/lib/generated/graphql.ts) match the committed schema and operations:
 * GraphQL Code Generator runs in-process on codegen.ts and its output must equal the committed file, as
 * schema.test.ts checks schema/schema.graphql against the code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/src/config/config.js';
import config, { GENERATED_FILE } from '../../codegen.js';

describe('generated site types', () => {
  it(`${GENERATED_FILE} matches schema/schema.graphql and schema/operations (regenerate: \`npm run codegen\`)`, async () => {
    const outputs = await generate({ ...config, cwd: PROJECT_ROOT }, false);
    const generated = outputs.find((o) => o.filename.endsWith(GENERATED_FILE));
    expect(generated, `codegen.ts wrote ${outputs.map((o) => o.filename).join(', ')}`).toBeDefined();
    const committed = readFileSync(join(PROJECT_ROOT, GENERATED_FILE), 'utf8');
    expect(committed === generated!.content, `${GENERATED_FILE} drifted from the schema or the operations: run \`npm run codegen\` and commit it`).toBe(true);
  }, 60_000);

  it('has one result type and one typed document per committed operation', () => {
    const ops = readFileSync(join(PROJECT_ROOT, GENERATED_FILE), 'utf8');
    for (const name of ['Study', 'Fig1Stimuli', 'Fig3Similarity', 'Fig5Layers', 'StudyGrids']) {
      expect(ops).toContain(`export type ${name}Query = `);
      expect(ops).toContain(`export const ${name}Document = `);
    }
  });
});
