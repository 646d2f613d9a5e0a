/**
 * The site's TypeScript (site/src/lib, site/src/figures) type-checks against the generated GraphQL types
 * (site/tsconfig.typecheck.json; the root tsconfig covers only server/ and bench/). A probe file misusing a
 * generated type must fail, so the check is known to reach the site code through the generated file.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/src/config/config.js';

const CONFIG = join(PROJECT_ROOT, 'site', 'tsconfig.typecheck.json');
/** The last program, reused by the next (the probe adds one file to the same program). */
let previous: ts.Program | undefined;

/** Diagnostics of the site program, with `extra` files (absolute path -> text) added to it. */
function diagnostics(extra: Record<string, string> = {}): { files: string[]; messages: string[] } {
  const read = ts.readConfigFile(CONFIG, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, join(PROJECT_ROOT, 'site'));
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (name in extra ? ts.createSourceFile(name, extra[name]!, lang) : getSourceFile(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name in extra || fileExists(name);
  const program = ts.createProgram({ rootNames: [...parsed.fileNames, ...Object.keys(extra)], options: parsed.options, host, oldProgram: previous });
  previous = program;
  const messages = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.replace(`${PROJECT_ROOT}/`, '')}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})` : '';
    return `${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  return { files: program.getRootFileNames().map((f) => f.replace(`${PROJECT_ROOT}/`, '')), messages };
}

describe('site type check', () => {
  it('site/src/lib and site/src/figures type-check against site/src/lib/generated/graphql.ts', () => {
    const { files, messages } = diagnostics();
    expect(files).toEqual(expect.arrayContaining([
      'site/src/lib/generated/graphql.ts', 'site/src/lib/loaders.ts', 'site/src/lib/multi-loaders.ts', 'site/src/figures/fig3-similarity.ts',
    ]));
    expect(messages).toEqual([]);
  }, 120_000);

  it('fails site code that misuses a generated type (a nullable field used as a number)', () => {
    const probe = join(PROJECT_ROOT, 'site', 'src', 'lib', 'typecheck-probe.ts');
    const { messages } = diagnostics({
      [probe]: "import type { PowerView } from './types.js';\nexport const minN = (p: PowerView): number => p.minN;\n",
    });
    expect(messages.join('\n')).toMatch(/typecheck-probe\.ts\(2\): TS2322 Type 'number \| null' is not assignable to type 'number'/);
  }, 120_000);
});
