import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, type ConfigFlags } from '../config/config.js';
import { isDomainError } from '../core/errors.js';
import { CONFIG_HELP, CONFIG_OPTIONS, type Command } from './command.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Loads every command module in ./commands (compiled .js, or .ts under vitest). */
export async function loadCommands(): Promise<Command[]> {
  const dir = join(here, 'commands');
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const files = readdirSync(dir).filter((f) => f.endsWith(ext) && !f.endsWith('.d.ts') && !f.endsWith('.test' + ext)).sort();
  const commands: Command[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default: Command | Command[] };
    commands.push(...(Array.isArray(mod.default) ? mod.default : [mod.default]));
  }
  return commands.sort((a, b) => a.name.localeCompare(b.name));
}

function usage(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: adversarial-rsa COMMAND [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `adversarial-rsa COMMAND --help` for a command\'s options.',
    '',
    CONFIG_HELP,
    '',
  ].join('\n');
}

/** Runs one command line; returns the exit code. */
export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const commands = await loadCommands();
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(usage(commands));
    return argv.length === 0 ? 2 : 0;
  }
  const two = argv.length > 1 ? `${argv[0]} ${argv[1]}` : '';
  const cmd = commands.find((c) => c.name === two) ?? commands.find((c) => c.name === argv[0]);
  if (!cmd) {
    io.stderr.write(`adversarial-rsa: unknown command '${argv[0]}'; valid: ${commands.map((c) => c.name).join(', ')}\n`);
    return 2;
  }
  const rest = argv.slice(cmd.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${cmd.help.trimEnd()}\n\n${CONFIG_HELP}\n`);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...CONFIG_OPTIONS, ...cmd.options },
      allowPositionals: cmd.positionals ?? false,
      strict: true,
    });
    const flags: ConfigFlags = {};
    for (const k of Object.keys(CONFIG_OPTIONS)) {
      const v = values[k];
      if (typeof v === 'string') (flags as Record<string, string>)[`--${k}`] = v;
    }
    const config = loadConfig(process.env, flags);
    return await cmd.run({ values, positionals, config, stdout: io.stdout, stderr: io.stderr });
  } catch (e) {
    if (isDomainError(e)) {
      io.stderr.write(`adversarial-rsa ${cmd.name}: ${e.message}\n`);
      return 1;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`adversarial-rsa ${cmd.name}: ${e.message}\nRun \`adversarial-rsa ${cmd.name} --help\`.\n`);
      return 2;
    }
    throw e;
  }
}
