#!/usr/bin/env node
// Entry point of the command line: runs the compiled CLI (npm run build writes dist/).
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'server', 'src', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('adversarial-rsa: first run, compiling the TypeScript sources (npm run build)...\n');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
