/** Writes an export atomically (temp file, then rename), creating its folder. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { GrymError } from '../../../../shared/errors.ts';

/** Absolute export path: relative paths land under `<dataDir>/exports`. */
export function resolveExportPath(path: string, dataDir: string): string {
  return isAbsolute(path) ? path : resolve(join(dataDir, 'exports'), path);
}

export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new GrymError('AUDIO_EXPORT', `could not write ${path}: ${(err as Error).message}`, { cause: err });
  }
}
