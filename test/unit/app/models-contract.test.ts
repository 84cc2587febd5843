import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractEvent, ModelHealthEvent, ModelProgressEvent } from '../../../shared/contract.ts';
import { createClient, type GrymClient } from '../../../shared/ipc/client.ts';
import { createAppDispatcher, type AppService } from '../../../electron/backend/app/service.ts';
import { Engine } from '../../../electron/backend/engine/engine.ts';
import { disposeModelRuntimes } from '../../../electron/backend/inference/model-runtime.ts';
import { memoryTransport } from '../../../electron/backend/transport/memory.ts';
import { startModelServer, type LoopbackServer } from '../models/helpers/loopback-server.ts';
import { NMP_SIZE, nmpPath } from '../models/helpers/fixtures.ts';
import { collectUntil, rejection, tempDir } from './helpers.ts';

const isHealth = (id: string, state?: string) => (e: ContractEvent): e is ModelHealthEvent => e.type === 'model.health' && e.id === id && (state === undefined || e.state === state);

describe('the models methods over the in-memory pair', () => {
  const tmp = tempDir('grym-models-app-');
  let engine: Engine;
  let service: AppService;
  let client: GrymClient;
  let server: LoopbackServer;

  beforeAll(async () => {
    server = await startModelServer();
    engine = Engine.open({ dataDir: tmp.dir, concurrency: 2 });
    const app = createAppDispatcher(engine, { transport: 'memory', log: () => {} });
    service = app.service;
    client = createClient(memoryTransport(app.dispatcher));
  });
  afterAll(async () => {
    client.close();
    await service.close();
    engine.close();
    await disposeModelRuntimes();
    await server.close();
    tmp.cleanup();
  });

  const basicPitch = async () => (await client.call('models.list')).find((m) => m.id === 'basic-pitch')!;

  it('lists the registry with basic-pitch missing, its size, license, provider and a closed breaker', async () => {
    const models = await client.call('models.list');
    expect(models.map((m) => m.id)).toEqual(expect.arrayContaining(['basic-pitch', 'silero-vad', 'musicgen-small']));
    const bp = models.find((m) => m.id === 'basic-pitch')!;
    expect(bp).toMatchObject({ state: 'missing', installed: false, task: 'transcription', license: 'Apache-2.0', sizeBytes: NMP_SIZE, breaker: 'closed', installable: true, loaded: false });
    expect(['cpu', 'cuda']).toContain(bp.provider);
    if (bp.provider === 'cpu') expect(bp.providerFallbackReason).toMatch(/\w/);
    const musicgen = models.find((m) => m.id === 'musicgen-small')!;
    expect(musicgen.installable).toBe(false);
    expect(musicgen.installBlockedReason).toContain('sha256');
  });

  it('installs from a loopback server with progress and health events and ends ready', async () => {
    const events = collectUntil(client, (e) => isHealth('basic-pitch', 'ready')(e) || isHealth('basic-pitch', 'error')(e));
    const res = await client.call('models.install', { id: 'basic-pitch', source: `${server.base}/basic-pitch/nmp.onnx` });
    expect(res).toEqual({ id: 'basic-pitch', started: true, state: 'installing' });
    const seen = await events;
    const mine = seen.filter((e) => 'id' in e && e.id === 'basic-pitch');
    const health = mine.filter((e): e is ModelHealthEvent => e.type === 'model.health').map((e) => e.state);
    expect(health).toContain('installing');
    expect(health.at(-1)).toBe('ready');
    const progress = mine.filter((e): e is ModelProgressEvent => e.type === 'model.progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ bytes: NMP_SIZE, total: NMP_SIZE, etaMs: 0 });
    for (const p of progress) expect(p.bytes).toBeLessThanOrEqual(NMP_SIZE);
    expect(mine.findIndex((e) => e.type === 'model.progress')).toBeGreaterThan(mine.findIndex(isHealth('basic-pitch', 'installing')));
    expect(existsSync(join(tmp.dir, 'models/basic-pitch/installed.json'))).toBe(true);
    expect(await basicPitch()).toMatchObject({ state: 'ready', installed: true });
    expect(server.requests.some((r) => r.url === '/basic-pitch/nmp.onnx')).toBe(true);
    // installing again is a no-op that says so
    expect(await client.call('models.install', { id: 'basic-pitch' })).toEqual({ id: 'basic-pitch', started: false, state: 'ready' });
  });

  it('removes the model and returns it to missing', async () => {
    const gone = collectUntil(client, isHealth('basic-pitch', 'missing'));
    expect(await client.call('models.remove', { id: 'basic-pitch' })).toEqual({ removed: true, state: 'missing' });
    await gone;
    expect(existsSync(join(tmp.dir, 'models/basic-pitch'))).toBe(false);
    expect(await basicPitch()).toMatchObject({ state: 'missing', installed: false });
  });

  it('reports MODEL_CHECKSUM for a corrupted source and installs nothing', async () => {
    const failed = collectUntil(client, isHealth('basic-pitch', 'error'));
    expect((await client.call('models.install', { id: 'basic-pitch', source: `${server.base}/corrupt/basic-pitch/nmp.onnx` })).started).toBe(true);
    const last = (await failed).at(-1) as ModelHealthEvent;
    expect(last.error?.code).toBe('MODEL_CHECKSUM');
    expect(last.installed).toBe(false);
    const bp = await basicPitch();
    expect(bp.state).toBe('error');
    expect(bp.installed).toBe(false);
    expect(bp.lastError?.code).toBe('MODEL_CHECKSUM');
    expect(existsSync(join(tmp.dir, 'models/basic-pitch'))).toBe(false);
    // remove clears the error
    await client.call('models.remove', { id: 'basic-pitch' });
    expect(await basicPitch()).toMatchObject({ state: 'missing' });
    expect((await basicPitch()).lastError).toBeUndefined();
  });

  it('cancels a slow install, which leaves the model missing', async () => {
    const firstProgress = collectUntil(client, (e) => e.type === 'model.progress' && e.id === 'basic-pitch' && e.bytes > 0);
    await client.call('models.install', { id: 'basic-pitch', source: `${server.base}/slow/basic-pitch/nmp.onnx` });
    await firstProgress;
    expect((await basicPitch()).state).toBe('installing');
    expect(await client.call('models.cancelInstall', { id: 'basic-pitch' })).toEqual({ cancelled: true });
    const bp = await basicPitch();
    expect(bp.state).toBe('missing');
    expect(bp.installed).toBe(false);
    expect(bp.lastError).toBeUndefined();
    expect(await client.call('models.cancelInstall', { id: 'basic-pitch' })).toEqual({ cancelled: false });
    await client.call('models.remove', { id: 'basic-pitch' });
  });

  it('takes a local source only from the data dir file areas under serve rules', async () => {
    expect((await rejection(client.call('models.install', { id: 'basic-pitch', source: nmpPath }))).code).toBe('IPC_FORBIDDEN_PATH');
    expect((await rejection(client.call('models.install', { id: 'basic-pitch', source: '../../etc/passwd' }))).code).toBe('IPC_FORBIDDEN_PATH');
    mkdirSync(join(tmp.dir, 'assets'), { recursive: true });
    copyFileSync(nmpPath, join(tmp.dir, 'assets/nmp.onnx'));
    const ready = collectUntil(client, (e) => isHealth('basic-pitch', 'ready')(e) || isHealth('basic-pitch', 'error')(e));
    await client.call('models.install', { id: 'basic-pitch', source: join(tmp.dir, 'assets/nmp.onnx') });
    expect(((await ready).at(-1) as ModelHealthEvent).state).toBe('ready');
    await client.call('models.remove', { id: 'basic-pitch' });
  });

  it('answers bad arguments with IPC_BAD_REQUEST and unknown models with NOT_FOUND', async () => {
    for (const bad of [{}, { id: '' }, { id: 'Basic Pitch' }, { id: 'basic-pitch', source: 'file:///etc/passwd' }, { id: 'basic-pitch', extra: 1 }, { id: 'basic-pitch', source: 42 }]) {
      expect((await rejection(client.call('models.install', bad as never))).code).toBe('IPC_BAD_REQUEST');
    }
    expect((await rejection(client.call('models.remove', { id: 7 } as never))).code).toBe('IPC_BAD_REQUEST');
    expect((await rejection(client.call('models.list', { all: true } as never))).code).toBe('IPC_BAD_REQUEST');
    expect((await rejection(client.call('models.install', { id: 'no-such-model' }))).code).toBe('NOT_FOUND');
    expect((await rejection(client.call('models.remove', { id: 'no-such-model' }))).code).toBe('NOT_FOUND');
    expect((await rejection(client.call('models.cancelInstall', { id: 'no-such-model' }))).code).toBe('NOT_FOUND');
    expect((await rejection(client.call('models.install', { id: 'musicgen-small' }))).code).toBe('MODEL_CHECKSUM');
  });
});
