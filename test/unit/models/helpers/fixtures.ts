/** Paths to the shared fixtures (read-only, beside the repo) and temp data dirs for model tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..');
export const sharedDir = resolve(repoRoot, '../shared');
export const nmpPath = join(sharedDir, 'models/basic-pitch/nmp.onnx');
export const NMP_SHA256 = '2c3c1d144bfa61ad236e92e169c13535c880469a12a047d4e73451f2c059a0ec';
export const NMP_SIZE = 230_444;
export const evalDir = join(sharedDir, 'eval');

export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'grym-models-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
