/**
 * The compiled CLI as a child process (dist/: npm run build first), its stdout and stderr collected line by line:
 * the workers, seeds and servers of the distributed tests. `onLine` sees every line as it comes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../server/src/config/config.js';

const BIN = join(PROJECT_ROOT, 'bin', 'adversarial-rsa.js');

export interface CliProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves with the first line matching `re` (rejects if the process exits first). */
  waitFor(re: RegExp): Promise<string>;
}

export function cliProcess(args: string[], env: Record<string, string>, onLine?: (line: string, p: CliProcess) => void): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ARSA_STUDY: 'ci-small', ARSA_WORKERS: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const lines: string[] = [];
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const p: CliProcess = {
    child, lines, exited,
    waitFor(re) {
      const found = lines.find((l) => re.test(l));
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.push({ re, resolve });
        void exited.then((code) => reject(new Error(`${args[0]} exited (${code}) before printing ${re}:\n${lines.slice(-30).join('\n')}`)));
      });
    },
  };
  let buf = '';
  const take = (d: Buffer): void => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      for (let i = 0; i < waiters.length; i++) {
        if (waiters[i]!.re.test(l)) waiters.splice(i--, 1)[0]!.resolve(l);
      }
      onLine?.(l, p);
    }
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  return p;
}

/** SIGTERM to every process still running, then waits for them all. */
export async function stopAll(procs: readonly CliProcess[]): Promise<void> {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => p.exited));
}
