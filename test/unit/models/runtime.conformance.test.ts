/**
 * The inference runtime's conformance suite: the same tests run on every execution provider present
 * on this machine (CPU always; CUDA where its libraries and a GPU are found).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, type GrymError } from '../../../shared/errors.ts';
import { ResourceManager } from '../../../electron/backend/engine/resources.ts';
import { BASIC_PITCH_IO } from '../../../electron/backend/inference/basic-pitch/transcribe.ts';
import { AUDIO_N_SAMPLES } from '../../../electron/backend/inference/basic-pitch/constants.ts';
import { HealthBoard } from '../../../electron/backend/inference/health.ts';
import { chooseProvider, detectCuda, detectProviders, type ProviderStatus } from '../../../electron/backend/inference/providers.ts';
import { SessionPool, type ModelSpec } from '../../../electron/backend/inference/session-pool.ts';
import { nmpPath, tempDataDir } from './helpers/fixtures.ts';

const present = detectProviders().filter((p) => p.available);

const feeds = (batch = 1) => ({ [BASIC_PITCH_IO.input]: new ort.Tensor('float32', new Float32Array(batch * AUDIO_N_SAMPLES), [batch, AUDIO_N_SAMPLES, 1]) });

describe('execution provider detection', () => {
  it('always offers CPU and explains why CUDA is or is not available', () => {
    const all = detectProviders();
    expect(all.find((p) => p.provider === 'cpu')?.available).toBe(true);
    const cuda = all.find((p) => p.provider === 'cuda')!;
    expect(cuda.reason.length).toBeGreaterThan(10);
  });

  it('falls back to CPU with the reason when CUDA is missing, and logs it once per model', async () => {
    const statuses: ProviderStatus[] = [{ provider: 'cpu', available: true, reason: '' }, { provider: 'cuda', available: false, reason: 'libcudart.so not found' }];
    expect(chooseProvider(['cpu', 'cuda'], statuses)).toEqual({ provider: 'cpu', fallbackReason: 'libcudart.so not found' });
    const logs: string[] = [];
    const pool = new SessionPool({ providers: statuses, log: (m) => logs.push(m) });
    const spec: ModelSpec = { id: 'basic-pitch', path: nmpPath, supported: ['cpu', 'cuda'], memoryMb: 0 };
    await pool.run(spec, feeds());
    await pool.run(spec, feeds());
    expect(pool.sessions()[0]!.provider).toBe('cpu');
    expect(logs).toEqual(['basic-pitch: CUDA unavailable, running on CPU: libcudart.so not found']);
    await pool.dispose();
  });
});

describe('CUDA session fallback', () => {
  it('falls back to CPU, with the reason logged, when a CUDA session cannot be created (or uses CUDA where it can)', async () => {
    const real = detectCuda();
    const logs: string[] = [];
    const pool = new SessionPool({ providers: [{ provider: 'cpu', available: true, reason: '' }, { provider: 'cuda', available: true, reason: 'claimed present' }], log: (m) => logs.push(m) });
    const spec: ModelSpec = { id: 'basic-pitch', path: nmpPath, supported: ['cpu', 'cuda'], memoryMb: 0 };
    const out = await pool.run(spec, feeds());
    expect(out[BASIC_PITCH_IO.note]!.dims).toEqual([1, 172, 88]);
    if (real.available) {
      expect(pool.sessions()[0]!.provider).toBe('cuda');
    } else {
      expect(pool.sessions()[0]!.provider).toBe('cpu');
      expect(logs[0]).toMatch(/^basic-pitch: CUDA session failed to load, falling back to CPU: /);
      expect(pool.resolveProvider({ id: 'other', supported: ['cpu', 'cuda'] }).fallbackReason).toMatch(/a CUDA session failed to load/);
    }
    await pool.dispose();
  });
});

describe.each(present.map((p) => [p.provider] as const))('inference runtime on %s', (provider) => {
  let resources: ResourceManager;
  let pool: SessionPool;
  let health: HealthBoard;
  const spec: ModelSpec = { id: 'basic-pitch', path: nmpPath, supported: [provider], memoryMb: 64 };

  beforeEach(() => {
    resources = new ResourceManager({ cpu: 2, gpu: provider === 'cuda' ? 1 : 0, memoryMb: 1000 });
    health = new HealthBoard();
    pool = new SessionPool({ resources, health, provider, idleMs: 60_000, log: () => {} });
  });
  afterEach(async () => {
    await pool.dispose();
    resources.dispose();
  });

  it('runs basic-pitch and returns the three outputs with their documented shapes', async () => {
    const out = await pool.run(spec, feeds(2));
    expect(out[BASIC_PITCH_IO.note]!.dims).toEqual([2, 172, 88]);
    expect(out[BASIC_PITCH_IO.onset]!.dims).toEqual([2, 172, 88]);
    expect(out[BASIC_PITCH_IO.contour]!.dims).toEqual([2, 172, 264]);
    expect(pool.sessions()[0]!.provider).toBe(provider);
    expect(health.get('basic-pitch')?.state).toBe('ready');
  });

  it('shares one loaded session between concurrent runs, which hold its memory budget in the resource manager', async () => {
    await Promise.all([pool.run(spec, feeds()), pool.run(spec, feeds()), pool.run(spec, feeds())]);
    const sessions = pool.sessions();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.runs).toBe(3);
    expect(resources.stats().inUse.memoryMb).toBe(64);
    expect(resources.stats().inUse[provider === 'cuda' ? 'gpu' : 'cpu']).toBe(0);
  });

  it('warms a session up when it loads', async () => {
    let warmed = 0;
    await pool.run({ ...spec, warmup: () => (warmed++, feeds()) }, feeds());
    await pool.run({ ...spec, warmup: () => (warmed++, feeds()) }, feeds());
    expect(warmed).toBe(1);
  });

  it('unloads an idle session and gives its memory back', async () => {
    const quick = new SessionPool({ resources, provider, idleMs: 30, log: () => {} });
    await quick.run(spec, feeds());
    expect(resources.stats().inUse.memoryMb).toBe(64);
    await new Promise((r) => setTimeout(r, 120));
    expect(quick.sessions()).toHaveLength(0);
    expect(resources.stats().inUse.memoryMb).toBe(0);
    await quick.dispose();
  });

  it('cancels a queued run before it reaches the model', async () => {
    await pool.run(spec, feeds()); // loaded
    const ac = new AbortController();
    const first = pool.run(spec, feeds(4));
    const queued = pool.run(spec, feeds(), { signal: ac.signal });
    // Settle microtasks only: the first run has started and the second waits behind it.
    for (let i = 0; i < 100 && pool.sessions()[0]!.queued === 0; i++) await Promise.resolve();
    expect(pool.sessions()[0]!.queued).toBe(1);
    ac.abort();
    await expect(queued).rejects.toBeInstanceOf(CancelledError);
    await first;
    expect(pool.sessions()[0]!.runs).toBe(2);
  });

  it('waits for a cpu slot held by someone else, and stays cancellable while it waits', async () => {
    await pool.run(spec, feeds());
    const hog = await resources.acquire({ cpu: 2 });
    const ac = new AbortController();
    const waiting = pool.run(spec, feeds(), { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 30));
    ac.abort();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    hog.release();
    if (provider === 'cpu') expect(resources.stats().inUse.cpu).toBe(0);
  });

  it('opens a per-model circuit breaker after repeated failures, shows it, and half-opens later', async () => {
    const { dir, cleanup } = tempDataDir();
    const broken = join(dir, 'broken.onnx');
    writeFileSync(broken, 'not an onnx model');
    const p = new SessionPool({ resources, health, provider, breakerThreshold: 2, halfOpenAfterMs: 80, log: () => {} });
    const code = async (path: string) => p.run({ ...spec, id: 'flaky', path }, feeds()).then(() => 'ok', (e: GrymError) => e.code);
    expect(await code(broken)).toBe('MODEL_LOAD');
    expect(await code(broken)).toBe('MODEL_LOAD');
    expect(await code(nmpPath)).toBe('CIRCUIT_OPEN');
    expect(p.breakerState('flaky')).toBe('open');
    expect(health.get('flaky')?.breaker).toBe('open');
    await new Promise((r) => setTimeout(r, 120));
    expect(await code(nmpPath)).toBe('ok');
    expect(p.breakerState('flaky')).toBe('closed');
    expect(p.breakerState('basic-pitch')).toBe('closed');
    await p.dispose();
    cleanup();
  });

  it("keeps the host's event loop free while a model runs (sessions live in worker threads)", async () => {
    const maxLag = async (isolation: 'worker' | 'inline') => {
      const p = new SessionPool({ provider, isolation, log: () => {} });
      await p.run(spec, feeds());
      let worst = 0;
      let last = performance.now();
      const tick = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
      }, 5);
      await p.run(spec, feeds(8));
      clearInterval(tick);
      worst = Math.max(worst, performance.now() - last);
      await p.dispose();
      return worst;
    };
    const inline = await maxLag('inline');
    const worker = await maxLag('worker');
    expect(inline).toBeGreaterThan(100); // one synchronous run of 8 windows blocks the loop
    expect(worker).toBeLessThan(inline / 2);
  });

  it('disposes cleanly: no sessions, no leases, and disposing twice is safe', async () => {
    await pool.run(spec, feeds());
    await pool.dispose();
    await pool.dispose();
    expect(pool.sessions()).toHaveLength(0);
    expect(resources.stats().activeLeases).toBe(0);
    await expect(pool.run(spec, feeds())).rejects.toMatchObject({ code: 'MODEL_LOAD' });
  });
});
