/**
 * Durable runs for real: a child `grym run` is SIGKILLed mid-run, `grym resume` finishes it, and no
 * node that had completed before the kill runs again.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent, RunSummary } from '../../shared/events.ts';
import { tempDir } from '../unit/engine/helpers.ts';

const repo = resolve(import.meta.dirname, '../..');
const grym = join(repo, 'bin/grym.js');

function workflow() {
  // two parallel chains of 6 waits each, joined at the end
  const nodes = [];
  const edges = [];
  for (const chain of ['a', 'b']) {
    for (let i = 0; i < 6; i++) {
      nodes.push({ id: `${chain}${i}`, type: 'util.wait', params: { ms: 120 + i } });
      if (i > 0) edges.push({ from: `${chain}${i - 1}`, fromPort: 'out', to: `${chain}${i}`, toPort: 'in' });
    }
  }
  nodes.push({ id: 'join', type: 'util.passthrough' });
  edges.push({ from: 'a5', fromPort: 'out', to: 'join', toPort: 'in' });
  nodes.push({ id: 'tail', type: 'util.wait', params: { ms: 10 } });
  edges.push({ from: 'b5', fromPort: 'out', to: 'tail', toPort: 'in' });
  return { version: 1, name: 'crash-resume', nodes, edges };
}

function parseLines(text: string): (EngineEvent | RunSummary)[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as EngineEvent | RunSummary);
}

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir('grym-crash-')));
afterEach(() => tmp.cleanup());

describe('crash and resume', () => {
  it('a SIGKILLed run resumes without re-running any completed node', async () => {
    const wfFile = join(tmp.dir, 'wf.json');
    writeFileSync(wfFile, JSON.stringify(workflow()));
    const child = spawn(process.execPath, [grym, 'run', wfFile, '--data-dir', tmp.dir, '--json', '--concurrency', '2'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GRYM_FAULTS: '' } });
    let out = '';
    const firstEvents: EngineEvent[] = [];
    const killed = new Promise<NodeJS.Signals | null>((resolveKill) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const lines = out.split('\n');
        out = lines.pop() ?? '';
        for (const l of lines) if (l.startsWith('{')) firstEvents.push(JSON.parse(l) as EngineEvent);
        if (firstEvents.filter((e) => e.type === 'node.completed').length >= 4 && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => resolveKill(signal));
    });
    expect(await killed).toBe('SIGKILL');
    const runId = firstEvents.find((e) => e.type === 'run.started')!.runId;
    const completedBefore = new Set(firstEvents.filter((e) => e.type === 'node.completed').map((e) => (e as { nodeId: string }).nodeId));
    expect(completedBefore.size).toBeGreaterThanOrEqual(4);
    expect(firstEvents.some((e) => e.type === 'run.completed')).toBe(false);

    const runs = spawnSync(process.execPath, [grym, 'runs', '--json', '--data-dir', tmp.dir], { encoding: 'utf8' });
    expect(JSON.parse(runs.stdout).runs[0]).toMatchObject({ id: runId, status: 'interrupted' });

    const resumed = spawnSync(process.execPath, [grym, 'resume', runId, '--json', '--data-dir', tmp.dir], { encoding: 'utf8', env: { ...process.env, GRYM_FAULTS: '' } });
    expect(resumed.status).toBe(0);
    const second = parseLines(resumed.stdout);
    const startedAgain = second.filter((e) => e.type === 'node.started' || e.type === 'node.cached').map((e) => (e as { nodeId: string }).nodeId);
    for (const id of completedBefore) expect(startedAgain).not.toContain(id);
    const summary = second.at(-1) as RunSummary;
    expect(summary.type).toBe('run.summary');
    expect(summary.status).toBe('succeeded');
    expect(Object.keys(summary.nodes)).toHaveLength(14);
    for (const n of Object.values(summary.nodes)) expect(['completed', 'cached']).toContain(n.status);
  }, 60_000);

  it('a node that crashes its own process (GRYM_FAULTS crash) leaves a resumable run', () => {
    const wfFile = join(tmp.dir, 'wf.json');
    writeFileSync(wfFile, JSON.stringify(workflow()));
    const first = spawnSync(process.execPath, [grym, 'run', wfFile, '--data-dir', tmp.dir, '--json', '--concurrency', '2'], { encoding: 'utf8', env: { ...process.env, GRYM_FAULTS: 'a3:crash' } });
    expect(first.signal).toBe('SIGKILL');
    const events = parseLines(first.stdout) as EngineEvent[];
    const runId = events[0]!.runId;
    expect(events.some((e) => e.type === 'node.started' && e.nodeId === 'a3')).toBe(true);
    const resumed = spawnSync(process.execPath, [grym, 'resume', runId, '--json', '--data-dir', tmp.dir], { encoding: 'utf8', env: { ...process.env, GRYM_FAULTS: '' } });
    expect(resumed.status).toBe(0);
    const second = parseLines(resumed.stdout);
    expect((second.at(-1) as RunSummary).status).toBe('succeeded');
    const doneBefore = events.filter((e) => e.type === 'node.completed').map((e) => (e as { nodeId: string }).nodeId);
    expect(doneBefore).toContain('a2');
    expect(second.filter((e) => e.type === 'node.started').map((e) => (e as { nodeId: string }).nodeId)).not.toContain('a2');
  }, 60_000);
});
