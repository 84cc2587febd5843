import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/backend/engine/engine.ts';
import { collect, concurrencyProbe, executions, openTestEngine, resetProbes, tempDir, wf } from './helpers.ts';

let tmp: ReturnType<typeof tempDir>;
let engine: Engine;
beforeEach(() => {
  tmp = tempDir();
  resetProbes();
  engine = openTestEngine(tmp.dir, { concurrency: 4, resources: { cpu: 8 } });
});
afterEach(() => {
  engine.close();
  tmp.cleanup();
});

const rec = (id: string, params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ id, type: 'test.record', params, ...extra });

describe('scheduler', () => {
  it('runs a diamond, passing outputs along edges, and reports success', async () => {
    const w = wf('diamond', [rec('a', { value: 1 }), rec('b', { value: 2 }), rec('c', { value: 3 }), rec('d')], [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd', 'out', 'b']]);
    const s = await engine.start(w).done;
    expect(s.status).toBe('succeeded');
    expect(Object.values(s.nodes).every((n) => n.status === 'completed')).toBe(true);
    const run = engine.getRun(s.runId)!;
    const out = engine.artifacts.getJson<{ inputs: { a: { id: string }; b: { id: string } } }>(run.nodes.d!.outputs!.out!);
    expect(out.inputs.a.id).toBe('b');
    expect(out.inputs.b.id).toBe('c');
  });

  it('starts a node as soon as its own inputs are ready, without level barriers', async () => {
    // slow(200ms) -> s2 ; fast(10ms) -> f2. f2 must start long before slow finishes.
    const w = wf('nobarrier', [rec('slow', { ms: 200 }), rec('s2'), rec('fast', { ms: 10 }), rec('f2')], [['slow', 's2'], ['fast', 'f2']]);
    await engine.start(w).done;
    const at = Object.fromEntries(executions.map((e) => [e.nodeId, e.at]));
    expect(at.f2! - at.fast!).toBeLessThan(150);
    expect(at.s2! - at.slow!).toBeGreaterThanOrEqual(190);
  });

  it('bounds parallelism by the concurrency option', async () => {
    const nodes = Array.from({ length: 12 }, (_, i) => rec(`n${i}`, { ms: 30 }));
    const s = await engine.start(wf('wide', nodes), { concurrency: 3 }).done;
    expect(s.status).toBe('succeeded');
    expect(concurrencyProbe.max).toBe(3);
  });

  it('bounds parallelism by resource slots (gpu)', async () => {
    engine.close();
    engine = openTestEngine(tmp.dir, { concurrency: 8, resources: { cpu: 8, gpu: 1 } });
    const nodes = Array.from({ length: 4 }, (_, i) => rec(`g${i}`, { ms: 30, gpu: 1 }));
    await engine.start(wf('gpu', nodes)).done;
    expect(concurrencyProbe.max).toBe(1);
  });

  it('fails what depends on a failed node while independent branches finish', async () => {
    const w = wf('partial', [rec('bad', { fail: 'fatal' }), rec('child'), rec('grandchild'), rec('other', { ms: 20 }), rec('other2')], [['bad', 'child'], ['child', 'grandchild'], ['other', 'other2']]);
    const s = await engine.start(w).done;
    expect(s.status).toBe('failed');
    expect(s.nodes.bad).toMatchObject({ status: 'failed', error: { code: 'NODE_FAILED' } });
    expect(s.nodes.child).toMatchObject({ status: 'failed', error: { code: 'UPSTREAM_FAILED' } });
    expect(s.nodes.grandchild!.status).toBe('failed');
    expect(s.nodes.other2!.status).toBe('completed');
    expect(executions.map((e) => e.nodeId)).not.toContain('child');
  });

  it('with fail-fast, stops everything at the first failure and reports the rest cancelled', async () => {
    const w = wf('ff', [rec('bad', { ms: 10, fail: 'fatal' }), rec('slow', { ms: 2000 }), rec('after')], [['slow', 'after']]);
    const t0 = Date.now();
    const s = await engine.start(w, { failFast: true }).done;
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(s.status).toBe('failed');
    expect(s.nodes.slow!.status).toBe('cancelled');
    expect(s.nodes.after!.status).toBe('cancelled');
  });

  it('retries only retryable errors, with attempts counted and retrying events', async () => {
    const events = collect(engine);
    const w = wf('retry', [rec('flaky', { fail: 'retryable' }, { retries: 2 }), rec('fatal', { fail: 'fatal' }, { retries: 3 })]);
    const s = await engine.start(w).done;
    expect(s.nodes.flaky!.attempts).toBe(3);
    expect(s.nodes.fatal!.attempts).toBe(1);
    expect(events.filter((e) => e.type === 'node.retrying' && e.nodeId === 'flaky')).toHaveLength(2);
  });

  it('ends a hanging attempt at its timeout with NODE_TIMEOUT', async () => {
    engine.close();
    engine = openTestEngine(tmp.dir, { faults: 'h:hang' });
    const s = await engine.start(wf('hang', [rec('h', {}, { timeoutMs: 100, retries: 1 })])).done;
    expect(s.nodes.h).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'NODE_TIMEOUT' } });
  });

  it('injected throw:n faults fail the first n attempts, then the node succeeds', async () => {
    engine.close();
    engine = openTestEngine(tmp.dir, { faults: 'f:throw:2' });
    const s = await engine.start(wf('faults', [rec('f', {}, { retries: 2 })])).done;
    expect(s.nodes.f).toMatchObject({ status: 'completed', attempts: 3 });
  });

  it('cancellation is reported as cancelled, never as failure', async () => {
    const events = collect(engine);
    const h = engine.start(wf('cancel', [rec('a', { ms: 1000 }), rec('b')], [['a', 'b']]));
    setTimeout(() => h.cancel(), 50);
    const s = await h.done;
    expect(s.status).toBe('cancelled');
    expect(s.nodes.a!.status).toBe('cancelled');
    expect(s.nodes.b!.status).toBe('cancelled');
    expect(events.some((e) => e.type === 'node.failed')).toBe(false);
    expect(engine.getRun(s.runId)!.status).toBe('cancelled');
  });

  it('serves unchanged nodes from the cache, across engine restarts', async () => {
    const w = wf('cache', [rec('a', { value: 1 }), rec('b')], [['a', 'b']]);
    await engine.start(w).done;
    expect(executions).toHaveLength(2);
    engine.close();
    engine = openTestEngine(tmp.dir);
    const events = collect(engine);
    const s = await engine.start(w).done;
    expect(executions).toHaveLength(2);
    expect(s.nodes.a).toMatchObject({ status: 'cached', cached: true });
    expect(events.filter((e) => e.type === 'node.cached')).toHaveLength(2);
    // changing a param re-runs that node and what depends on it
    const w2 = wf('cache', [rec('a', { value: 2 }), rec('b')], [['a', 'b']]);
    await engine.start(w2).done;
    expect(executions.map((e) => e.nodeId)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('runs only a target node and its ancestors', async () => {
    const w = wf('target', [rec('a'), rec('b'), rec('c')], [['a', 'b'], ['b', 'c']]);
    const s = await engine.start(w, { targetNodeIds: ['b'] }).done;
    expect(s.status).toBe('succeeded');
    expect(s.nodes.c!.status).toBe('skipped');
    expect(executions.map((e) => e.nodeId)).toEqual(['a', 'b']);
  });

  it('emits typed events with an ETA, in a sensible order', async () => {
    const events = collect(engine);
    await engine.start(wf('events', [rec('a', { ms: 20 }), rec('b')], [['a', 'b']])).done;
    const types = events.map((e) => `${e.type}${'nodeId' in e ? `:${e.nodeId}` : ''}`);
    expect(types[0]).toBe('run.started');
    expect(types.indexOf('node.completed:a')).toBeLessThan(types.indexOf('node.started:b'));
    expect(types.at(-1)).toBe('run.completed');
    expect(events.every((e) => e.etaMs === null || typeof e.etaMs === 'number')).toBe(true);
  });

  it('learns node durations, so the next ETA uses this machine\'s history', async () => {
    await engine.start(wf('learn', [rec('a', { ms: 60 })])).done;
    expect(engine.store.durations().get('test.record')).toBeGreaterThanOrEqual(50);
  });

  it('retry re-runs only the failed nodes of a failed run', async () => {
    engine.close();
    engine = openTestEngine(tmp.dir, { faults: 'b:throw:1' });
    const s1 = await engine.start(wf('retry-run', [rec('a'), rec('b'), rec('c')], [['a', 'b'], ['b', 'c']])).done;
    expect(s1.status).toBe('failed');
    const s2 = await engine.retry(s1.runId).done;
    expect(s2.status).toBe('succeeded');
    expect(s2.runId).toBe(s1.runId);
    expect(executions.filter((e) => e.nodeId === 'a')).toHaveLength(1);
    expect(engine.listRuns()[0]).toMatchObject({ id: s1.runId, status: 'succeeded' });
  });

  it('refuses an invalid workflow with WORKFLOW_INVALID', () => {
    expect(() => engine.start({ version: 1, name: 'bad', nodes: [{ id: 'x', type: 'nope' }], edges: [] })).toThrow(/UNKNOWN_NODE_TYPE/);
  });
});
