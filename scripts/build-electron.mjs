#!/usr/bin/env node
// Builds the Electron side into dist/electron: the main process and the back end with tsc
// (tsconfig.electron.json, `.ts` imports rewritten to `.js`), and the sandboxed preload bundled by
// esbuild into one CommonJS file (a sandboxed preload cannot load ES modules or other files).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.electron.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
mkdirSync(join(root, 'dist/electron'), { recursive: true });
await build({
  entryPoints: [join(root, 'electron/preload.ts')],
  outfile: join(root, 'dist/electron/preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  logLevel: 'warning',
});
console.log('built dist/electron (main, back end, preload.cjs)');
