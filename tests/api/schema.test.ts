import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/src/config/config.js';
import { buildApiSchema, printApiSchema } from '../../server/src/graphql/schema.js';

const opsDir = join(PROJECT_ROOT, 'schema', 'operations');

describe('schema', () => {
  it('schema/schema.graphql matches the code (regenerate: `npm run build && npm run schema`)', async () => {
    const committed = readFileSync(join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8');
    expect(committed, 'schema/schema.graphql drifted from the code: run `npm run build && npm run schema` and commit it').toBe(await printApiSchema());
  });

  it('every operation in schema/operations validates against the schema', async () => {
    const schema = await buildApiSchema();
    const files = readdirSync(opsDir).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(11);
    for (const f of files) {
      const errors = validate(schema, parse(readFileSync(join(opsDir, f), 'utf8')));
      expect(errors.map((e) => `${f}: ${e.message}`)).toEqual([]);
    }
  });

  it('every computed type has a provenance field and every list query paginates with first <= 500', async () => {
    const schema = await buildApiSchema();
    for (const t of ['Study', 'Stimulus', 'Subject', 'Rdm', 'Similarity', 'Difference', 'Trend', 'SearchlightMap', 'EncodingResult', 'Power']) {
      const type = schema.getType(t) as { getFields(): Record<string, unknown> };
      expect(Object.keys(type.getFields()), t).toContain('provenance');
    }
    const q = schema.getQueryType()!.getFields();
    for (const f of ['stimuli', 'rdms', 'similarities', 'differences', 'searchlight', 'encoding']) {
      expect(q[f]!.args.map((a) => a.name), f).toEqual(expect.arrayContaining(['first', 'after']));
    }
  });
});
