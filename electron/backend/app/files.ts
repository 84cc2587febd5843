/**
 * The only files the renderer may reach: what the user imported (`<dataDir>/assets/`) and what
 * they exported (`<dataDir>/exports/`). Every path from outside is resolved here and refused when
 * it leaves its folder (`..`, absolute paths, symlinks out, NUL bytes).
 */
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { GrymError } from '../../../shared/errors.ts';

export type FileArea = 'assets' | 'exports';

export function areaDir(dataDir: string, area: FileArea): string {
  const dir = join(dataDir, area);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function inside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}

/**
 * Resolves a relative path under an area to an existing regular file, or throws IPC_FORBIDDEN_PATH /
 * NOT_FOUND. Symlinks are followed and must stay inside the area.
 */
export function resolveAreaFile(dataDir: string, area: FileArea, relPath: string): string {
  if (relPath.includes('\0') || isAbsolute(relPath) || relPath.split(/[\\/]/).includes('..')) {
    throw new GrymError('IPC_FORBIDDEN_PATH', `path is outside the ${area} folder`);
  }
  const root = realpathSync(areaDir(dataDir, area));
  const candidate = resolve(root, relPath);
  if (!inside(root, candidate)) throw new GrymError('IPC_FORBIDDEN_PATH', `path is outside the ${area} folder`);
  if (!existsSync(candidate)) throw new GrymError('NOT_FOUND', `no such file in ${area}: ${relPath}`);
  const real = realpathSync(candidate);
  if (!inside(root, real)) throw new GrymError('IPC_FORBIDDEN_PATH', `path is outside the ${area} folder`);
  if (!statSync(real).isFile()) throw new GrymError('NOT_FOUND', `not a file: ${relPath}`);
  return real;
}

/** A file name safe on every platform: no folders, no leading dots, no odd characters. */
export function safeFileName(name: string, fallback = 'file'): string {
  const base = basename(name.replace(/\\/g, '/'));
  let cleaned = base.replace(/[^A-Za-z0-9._ ()-]+/g, '_').replace(/^[.\s]+/, '').trim();
  if (cleaned.length > 120) {
    const ext = extname(cleaned).slice(0, 10);
    cleaned = cleaned.slice(0, 120 - ext.length) + ext;
  }
  return cleaned || fallback;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.aif': 'audio/aiff',
  '.aiff': 'audio/aiff',
  '.mid': 'audio/midi',
  '.midi': 'audio/midi',
};

export function mimeOf(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Picks `<dir>/<name>` or, when taken, `<dir>/<stem>-1<ext>`, `-2`, … */
export function uniquePath(dir: string, name: string): string {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = join(dir, name);
  for (let i = 1; existsSync(candidate); i++) candidate = join(dir, `${stem}-${i}${ext}`);
  return candidate;
}
