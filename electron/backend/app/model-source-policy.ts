/**
 * Where `models.install` may take a model's files from. A URL (http or https) is always allowed: the
 * registry's sha256 is verified whatever the source. A local path is allowed anywhere for the
 * Electron app (like `grym models install --source`), but under `grym serve` only inside the data
 * dir's file areas (assets/ — what the user imported — and exports/), the same areas
 * path-policy.ts confines workflows to, so a remote page cannot make the back end read other files.
 */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { GrymError } from '../../../shared/errors.ts';
import { isUrl } from '../inference/download.ts';

function within(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function real(p: string): string {
  return existsSync(p) ? realpathSync(p) : p;
}

/** Returns the source to hand to the installer (paths made absolute), or throws IPC_FORBIDDEN_PATH / MODEL_DOWNLOAD. */
export function resolveModelSource(source: string, dataDir: string, restrict: boolean): string {
  if (isUrl(source)) return source;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) throw new GrymError('IPC_BAD_REQUEST', `a model source URL must be http or https, got ${source.slice(0, 100)}`);
  if (source.includes('\0')) throw new GrymError('IPC_BAD_REQUEST', 'a model source cannot contain NUL');
  const path = resolve(dataDir, source);
  if (restrict) {
    const target = real(path);
    const areas = ['assets', 'exports'].map((a) => real(resolve(dataDir, a)));
    if (!areas.some((root) => within(root, target))) {
      throw new GrymError('IPC_FORBIDDEN_PATH', `a model source must be a URL or a file under the data dir's assets/ or exports/, got ${source.slice(0, 200)}`);
    }
  }
  if (!existsSync(path)) throw new GrymError('MODEL_DOWNLOAD', `model source ${source.slice(0, 200)}: no such file or directory`);
  return path;
}
