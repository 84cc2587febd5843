import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GrymError } from '../../../shared/errors.ts';
import { CancelledError } from '../../../shared/errors.ts';
import { hashFile } from '../../../electron/backend/inference/download.ts';
import { HealthBoard, type ModelHealthState } from '../../../electron/backend/inference/health.ts';
import { fileSource, ModelInstaller, stagingDir, type InstallProgress } from '../../../electron/backend/inference/installer.ts';
import { ModelRegistry, modelDir } from '../../../electron/backend/inference/model-registry.ts';
import { NMP_SHA256, NMP_SIZE, nmpPath, tempDataDir } from './helpers/fixtures.ts';
import { startModelServer, type LoopbackServer } from './helpers/loopback-server.ts';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(async () => {
  await server.close();
});

let data: ReturnType<typeof tempDataDir>;
let health: HealthBoard;
let installer: ModelInstaller;
const registry = ModelRegistry.load();
beforeEach(() => {
  data = tempDataDir();
  health = new HealthBoard();
  installer = new ModelInstaller(data.dir, registry, health);
  server.requests.length = 0;
});
afterEach(() => data.cleanup());

const installedFile = () => join(modelDir(data.dir, 'basic-pitch'), 'nmp.onnx');

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as GrymError).code;
  }
  return 'resolved';
}

describe('model download manager', () => {
  it('installs basic-pitch over HTTP with progress events and a verified checksum', async () => {
    const progress: InstallProgress[] = [];
    const states: ModelHealthState[] = [];
    health.on((h) => states.push(h.state));
    const dir = await installer.install('basic-pitch', { source: `${server.base}/basic-pitch/nmp.onnx`, onProgress: (p) => progress.push(p) });
    expect(dir).toBe(modelDir(data.dir, 'basic-pitch'));
    expect(await hashFile(installedFile())).toBe(NMP_SHA256);
    expect(existsSync(join(dir, 'installed.json'))).toBe(true);
    expect(existsSync(stagingDir(data.dir, 'basic-pitch'))).toBe(false);
    const last = progress.at(-1)!;
    expect(last.bytes).toBe(NMP_SIZE);
    expect(last.total).toBe(NMP_SIZE);
    expect(last.etaS).toBe(0);
    expect(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1]!.bytes)).toBe(true);
    expect(states[0]).toBe('installing');
    expect(states.at(-1)).toBe('ready');
  });

  it('rejects a corrupted copy with MODEL_CHECKSUM and leaves nothing installed or half-written', async () => {
    const code = await codeOf(installer.install('basic-pitch', { source: `${server.base}/corrupt/basic-pitch/nmp.onnx` }));
    expect(code).toBe('MODEL_CHECKSUM');
    expect(existsSync(modelDir(data.dir, 'basic-pitch'))).toBe(false);
    const staging = stagingDir(data.dir, 'basic-pitch');
    expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
    expect(health.get('basic-pitch')?.state).toBe('error');
    expect(health.get('basic-pitch')?.error?.code).toBe('MODEL_CHECKSUM');
  });

  it('reports a dropped connection as MODEL_DOWNLOAD, installs nothing, and resumes over HTTP Range next time', async () => {
    const url = `${server.base}/drop/basic-pitch/nmp.onnx`;
    const code = await codeOf(installer.install('basic-pitch', { source: url, retries: 0 }));
    expect(code).toBe('MODEL_DOWNLOAD');
    expect(existsSync(modelDir(data.dir, 'basic-pitch'))).toBe(false);
    const part = join(stagingDir(data.dir, 'basic-pitch'), 'nmp.onnx.part');
    const have = statSync(part).size;
    expect(have).toBeGreaterThan(0);
    expect(have).toBeLessThan(NMP_SIZE);

    await installer.install('basic-pitch', { source: url, retries: 0 });
    expect(server.requests.at(-1)!.range).toBe(`bytes=${have}-`);
    expect(await hashFile(installedFile())).toBe(NMP_SHA256);
  });

  it('retries a dropped connection by itself, resuming where it stopped', async () => {
    await installer.install('basic-pitch', { source: `${server.base}/drop/basic-pitch/nmp.onnx` });
    expect(server.requests.map((r) => r.range === undefined)).toEqual([true, false]);
    expect(await hashFile(installedFile())).toBe(NMP_SHA256);
  });

  it('is cancellable: an aborted install throws CancelledError and installs nothing', async () => {
    const ac = new AbortController();
    const p = installer.install('basic-pitch', {
      source: `${server.base}/slow/basic-pitch/nmp.onnx`,
      signal: ac.signal,
      onProgress: (pr) => {
        if (pr.bytes > 10_000) ac.abort();
      },
    });
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(existsSync(modelDir(data.dir, 'basic-pitch'))).toBe(false);
    expect(health.get('basic-pitch')?.state).toBe('missing');
  });

  it('installs from a local path given as --source, and remove deletes it', async () => {
    await installer.install('basic-pitch', { source: nmpPath });
    expect(readFileSync(installedFile()).length).toBe(NMP_SIZE);
    expect(installer.remove('basic-pitch')).toBe(true);
    expect(existsSync(modelDir(data.dir, 'basic-pitch'))).toBe(false);
    expect(health.get('basic-pitch')?.state).toBe('missing');
  });

  it('refuses a model whose registry entry pins no checksum (MusicGen here) before downloading anything', async () => {
    const code = await codeOf(installer.install('musicgen-small', { source: server.base }));
    expect(code).toBe('MODEL_CHECKSUM');
    expect(server.requests).toHaveLength(0);
    expect(existsSync(modelDir(data.dir, 'musicgen-small'))).toBe(false);
  });

  it('resolves --source as the file itself for one-file models and as a base URL or directory otherwise', () => {
    const bp = registry.get('basic-pitch');
    const mg = registry.get('musicgen-small');
    const f = bp.files[0]!;
    const onnx = mg.files.find((x) => x.name === 'onnx/encodec_decode.onnx')!;
    expect(fileSource(bp, f)).toBe(f.url);
    expect(fileSource(bp, f, 'http://mirror.test/x/nmp.onnx')).toBe('http://mirror.test/x/nmp.onnx');
    expect(fileSource(bp, f, 'http://mirror.test/x/')).toBe('http://mirror.test/x/nmp.onnx');
    expect(fileSource(mg, onnx, 'http://mirror.test/mg')).toBe('http://mirror.test/mg/onnx/encodec_decode.onnx');
    expect(fileSource(mg, onnx, '/srv/models/mg')).toBe('/srv/models/mg/onnx/encodec_decode.onnx');
    expect(fileSource(bp, f, nmpPath)).toBe(nmpPath);
  });
});
