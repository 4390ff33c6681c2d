#!/usr/bin/env node
// kdrill is written in TypeScript and runs through Node's built-in type stripping
// (Node >= 22.18). When started by an older Node, re-run under the Node 24 that
// the package's dev dependency `node@24` installs, if it is there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const main = join(root, 'src', 'cli', 'main.ts');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 18)) {
  await import(main);
} else {
  const bundled = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    process.stderr.write(`kdrill needs Node.js 22.18 or newer (this is ${process.version}); run "npm ci" in ${root} or install Node 24.\n`);
    process.exit(2);
  }
  const r = spawnSync(bundled, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
