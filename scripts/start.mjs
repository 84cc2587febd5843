#!/usr/bin/env node
// `npm start`: builds and launches the app. Where no Electron binary is installed (npm installs the
// package without its download here), it says so in one line and starts `grym serve` instead,
// which prints the URL to open in a browser. Extra arguments go to the app / to `grym serve`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const path = require('electron'); // the package exports the binary's path, or throws without one
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function run(cmd, cmdArgs) {
  return spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' }).status ?? 1;
}

function launch(cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

const vite = join(root, 'node_modules/vite/bin/vite.js');
const viteStatus = run(process.execPath, [vite, 'build', '--logLevel', 'warn']);
const binary = electronBinary();

if (!binary) {
  console.log('grym: no Electron binary is installed here, so the app starts in your browser instead (grym serve) — open the URL below.');
  if (viteStatus !== 0) console.log('grym: the renderer build failed; the server starts anyway and shows a placeholder page.');
  launch(process.execPath, [join(root, 'bin/grym.js'), 'serve', ...args]);
} else {
  if (viteStatus !== 0) process.exit(viteStatus);
  const status = run(process.execPath, [join(root, 'scripts/build-electron.mjs')]);
  if (status !== 0) process.exit(status);
  launch(binary, [root, ...args]);
}
