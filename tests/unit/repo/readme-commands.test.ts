/**
 * The README promises a new user two commands on a fresh machine; CI must run exactly the second one, so a green
 * CI means the README's test command works on a fresh machine (issue: the browser test failed after `npm ci &&
 * npm test` because only .ci/run installed Chromium).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const read = (p: string): string => readFileSync(new URL(p, root), 'utf8');

/** The commands of the README's "Two commands on a fresh machine" block, comments stripped. */
function readmeCommands(): string[] {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Two commands on a fresh machine'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README has no sh block under "Two commands on a fresh machine"');
  return block[1]!.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

describe('README commands', () => {
  it('has exactly two commands: the main job and the test command', () => {
    const cmds = readmeCommands();
    expect(cmds).toHaveLength(2);
    expect(cmds[0]).toMatch(/npm start/);
    expect(cmds[1]).toMatch(/npm test$/);
  });

  it('.ci/run runs exactly the README test command', () => {
    const test = readmeCommands()[1]!;
    const ci = read('.ci/run').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ci).toContain(test);
  });

  it('the test command installs every Debian package the tests need before npm ci', () => {
    const test = readmeCommands()[1]!;
    expect(test.indexOf('scripts/install-test-deps.sh')).toBeGreaterThanOrEqual(0);
    expect(test.indexOf('scripts/install-test-deps.sh')).toBeLessThan(test.indexOf('npm ci'));
    const script = read('scripts/install-test-deps.sh');
    // The browser test needs Chromium; the PostgreSQL store and queue tests need the server binaries.
    for (const pkg of ['chromium', 'postgresql']) expect(script).toContain(`need+=(${pkg})`);
  });
});
