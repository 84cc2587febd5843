/**
 * The executor conformance suite. Every NodeExecutor (in-process today; a BullMQ/Redis executor
 * later) must pass it unchanged: add a factory to `executors` below.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GrymError, isCancellation } from '../../../shared/errors.ts';
import { InProcessExecutor, type ExecHooks, type NodeExecutor } from '../../../electron/backend/engine/executor.ts';
import { parseFaults } from '../../../electron/backend/engine/faults.ts';
import { NodeRegistry } from '../../../electron/backend/nodes/registry.ts';
import { defineNodeType } from '../../../electron/backend/nodes/types.ts';
import { ArtifactStore } from '../../../electron/backend/store/artifacts.ts';
import { tempDir } from './helpers.ts';

function registry(): NodeRegistry {
  const r = new NodeRegistry();
  r.register(
    defineNodeType({
      type: 'conf.add',
      version: 1,
      title: 'Add',
      category: 'Test',
      description: '',
      inputs: [{ name: 'x', type: 'number', required: true }],
      outputs: [{ name: 'sum', type: 'number' }],
      params: z.object({ k: z.number() }),
      cacheable: true,
      async run(ctx) {
        ctx.progress(0.5, 'half');
        ctx.context.set('seen', ctx.inputs.x);
        return { sum: (ctx.inputs.x as number) + ctx.params.k };
      },
    }),
  );
  r.register(
    defineNodeType({
      type: 'conf.fail',
      version: 1,
      title: 'Fail',
      category: 'Test',
      description: '',
      inputs: [],
      outputs: [],
      params: z.object({}),
      cacheable: false,
      run: () => Promise.reject(new GrymError('AUDIO_DECODE', 'bad bytes', { retryable: false })),
    }),
  );
  r.register(
    defineNodeType({
      type: 'conf.wait-abort',
      version: 1,
      title: 'Wait for abort',
      category: 'Test',
      description: '',
      inputs: [],
      outputs: [],
      params: z.object({}),
      cacheable: false,
      run: (ctx) => new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })))),
    }),
  );
  return r;
}

function hooks(signal = new AbortController().signal) {
  const progress: [number, string | undefined][] = [];
  const ctx = new Map<string, unknown>();
  const h: ExecHooks = {
    signal,
    progress: (f, m) => progress.push([f, m]),
    log: () => {},
    context: { get: (k) => ctx.get(k) as never, set: (k, v) => void ctx.set(k, v), has: (k) => ctx.has(k), delete: (k) => ctx.delete(k) },
  };
  return { h, progress, ctx };
}

const executors: [string, (faults?: string) => { ex: NodeExecutor; cleanup(): void }][] = [
  [
    'in-process',
    (faults) => {
      const t = tempDir();
      return { ex: new InProcessExecutor(registry(), new ArtifactStore(t.dir), t.dir, parseFaults(faults)), cleanup: t.cleanup };
    },
  ],
];

for (const [name, make] of executors) {
  describe(`executor conformance: ${name}`, () => {
    it('runs a node with its params and inputs and returns its outputs', async () => {
      const { ex, cleanup } = make();
      const { h, progress, ctx } = hooks();
      await expect(ex.execute({ runId: 'r', nodeId: 'n', nodeType: 'conf.add', params: { k: 2 }, inputs: { x: 40 }, attempt: 1 }, h)).resolves.toEqual({ sum: 42 });
      expect(progress).toEqual([[0.5, 'half']]);
      expect(ctx.get('seen')).toBe(40);
      ex.dispose();
      cleanup();
    });

    it('rejects with the node\'s coded error intact', async () => {
      const { ex, cleanup } = make();
      const err = await ex.execute({ runId: 'r', nodeId: 'n', nodeType: 'conf.fail', params: {}, inputs: {}, attempt: 1 }, hooks().h).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'AUDIO_DECODE', message: 'bad bytes', retryable: false });
      cleanup();
    });

    it('rejects an unknown node type with UNKNOWN_NODE_TYPE', async () => {
      const { ex, cleanup } = make();
      await expect(ex.execute({ runId: 'r', nodeId: 'n', nodeType: 'nope', params: {}, inputs: {}, attempt: 1 }, hooks().h)).rejects.toMatchObject({ code: 'UNKNOWN_NODE_TYPE' });
      cleanup();
    });

    it('delivers cancellation to the node through its AbortSignal', async () => {
      const { ex, cleanup } = make();
      const ac = new AbortController();
      const p = ex.execute({ runId: 'r', nodeId: 'n', nodeType: 'conf.wait-abort', params: {}, inputs: {}, attempt: 1 }, hooks(ac.signal).h);
      setTimeout(() => ac.abort(), 10);
      const err = await p.catch((e: unknown) => e);
      expect(isCancellation(err)).toBe(true);
      cleanup();
    });

    it('applies injected throw faults per attempt, as retryable errors', async () => {
      const { ex, cleanup } = make('n:throw:1');
      const req = { runId: 'r', nodeId: 'n', nodeType: 'conf.add', params: { k: 1 }, inputs: { x: 1 }, attempt: 1 };
      await expect(ex.execute(req, hooks().h)).rejects.toMatchObject({ code: 'FAULT_INJECTED', retryable: true });
      await expect(ex.execute({ ...req, attempt: 2 }, hooks().h)).resolves.toEqual({ sum: 2 });
      cleanup();
    });
  });
}
