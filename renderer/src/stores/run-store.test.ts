// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events.ts';
import { createEventBatcher } from '../monitor/event-batcher.ts';
import { useRun } from './run-store.ts';

const base = { runId: 'r1', ts: 1, etaMs: 500 };
const node = { ...base, nodeType: 'util.wait' };

beforeEach(() => useRun.getState().reset());

describe('run store', () => {
  it('follows a node from queued to running to failed and keeps the coded error', () => {
    useRun.getState().applyEvents([
      { ...base, type: 'run.started', workflowName: 'w', nodeCount: 2, resumed: false },
      { ...node, type: 'node.queued', nodeId: 'a' },
      { ...node, type: 'node.started', nodeId: 'a', attempt: 1 },
      { ...node, type: 'node.progress', nodeId: 'a', fraction: 0.5 },
    ]);
    expect(useRun.getState().nodes.a).toMatchObject({ status: 'running', fraction: 0.5, attempt: 1 });
    expect(useRun.getState().etaMs).toBe(500);
    useRun.getState().applyEvents([
      { ...node, type: 'node.retrying', nodeId: 'a', attempt: 2, delayMs: 50, error: { code: 'NODE_FAILED', message: 'flaky' } },
      { ...node, type: 'node.failed', nodeId: 'a', attempt: 2, error: { code: 'AUDIO_DECODE', message: 'bad file' } },
      { ...base, type: 'run.failed', durationMs: 10, failedNodes: ['a'] },
    ]);
    const s = useRun.getState();
    expect(s.nodes.a).toMatchObject({ status: 'failed', error: { code: 'AUDIO_DECODE' } });
    expect(s.status).toBe('failed');
    expect(s.log.some((l) => l.level === 'error' && l.text.includes('AUDIO_DECODE'))).toBe(true);
    expect(s.log.some((l) => l.level === 'warn' && l.text.includes('retrying'))).toBe(true);
  });

  it('marks cached nodes and keeps their output hashes', () => {
    useRun.getState().applyEvents([
      { ...base, type: 'run.started', workflowName: 'w', nodeCount: 1, resumed: false },
      { ...node, type: 'node.cached', nodeId: 'a', cacheKey: 'k', outputs: { out: 'h1' } },
      { ...base, type: 'run.completed', durationMs: 3 },
    ]);
    expect(useRun.getState().nodes.a).toMatchObject({ status: 'cached', outputs: { out: 'h1' } });
    expect(useRun.getState().status).toBe('succeeded');
  });

  it('ignores events of another run once a run is shown', () => {
    useRun.getState().applyEvents([{ ...base, type: 'run.started', workflowName: 'w', nodeCount: 1, resumed: false }]);
    useRun.getState().applyEvents([{ ...node, runId: 'other', type: 'node.queued', nodeId: 'x' }]);
    expect(useRun.getState().nodes.x).toBeUndefined();
  });
});

describe('event batcher', () => {
  it('delivers a burst as one batch per frame and loses nothing', () => {
    const frames: (() => void)[] = [];
    const batches: EngineEvent[][] = [];
    const b = createEventBatcher<EngineEvent>((batch) => batches.push(batch), (cb) => {
      frames.push(cb);
      return () => undefined;
    });
    for (let i = 0; i < 5000; i++) b.push({ ...node, type: 'node.progress', nodeId: `n${i % 50}`, fraction: i / 5000 });
    expect(frames).toHaveLength(1);
    frames.shift()!();
    for (let i = 0; i < 10; i++) b.push({ ...node, type: 'node.queued', nodeId: `q${i}` });
    b.dispose();
    expect(batches.map((x) => x.length)).toEqual([5000, 10]);
    expect(b.stats).toMatchObject({ events: 5010, batches: 2, maxBatch: 5000 });
    b.push({ ...node, type: 'node.queued', nodeId: 'late' });
    expect(b.stats.events).toBe(5010);
  });

  it('one store update per batch: subscribers see a frame, not each event', () => {
    let updates = 0;
    const off = useRun.subscribe(() => updates++);
    const events: EngineEvent[] = [{ ...base, type: 'run.started', workflowName: 'w', nodeCount: 1000, resumed: false }];
    for (let i = 0; i < 1000; i++) events.push({ ...node, type: 'node.progress', nodeId: `n${i}`, fraction: 0.1 });
    useRun.getState().applyEvents(events);
    off();
    expect(updates).toBe(1);
    expect(Object.keys(useRun.getState().nodes)).toHaveLength(1000);
  });
});
