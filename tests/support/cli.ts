import { PassThrough } from 'node:stream';
import { main } from '../../server/src/cli/main.js';

/** Runs the command line in this process (no child, no dist/ needed), collecting stdout and stderr. */
export async function runCli(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await main([...argv], { stdout: stdout as unknown as typeof process.stdout, stderr: stderr as unknown as typeof process.stderr });
  return { code, out, err };
}
