/** Shared set-up for the app tests: a real engine in a temp data dir, workflows of util.wait nodes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ContractEvent } from '../../../shared/contract.ts';
import type { GrymClient } from '../../../shared/ipc/client.ts';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const evalClips = join(repoRoot, '../shared/eval/clips');
export const flacClip = join(evalClips, '00_drums_108bpm.flac');

export function tempDir(prefix = 'grym-app-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** w0 → w1 → …, util.wait nodes of `ms`, `ms + 1`, … (distinct params, so none is a cache hit of another). */
export function waitChain(name: string, ms = 60, n = 3) {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `w${i}`, type: 'util.wait', params: { ms: ms + i } }));
  const edges = nodes.slice(1).map((node, i) => ({ from: `w${i}`, fromPort: 'out', to: node.id, toPort: 'in' }));
  return { version: 1, name, nodes, edges };
}

export const cyclicWorkflow = {
  version: 1,
  name: 'cycle',
  nodes: [
    { id: 'a', type: 'util.passthrough' },
    { id: 'b', type: 'util.passthrough' },
  ],
  edges: [
    { from: 'a', fromPort: 'out', to: 'b', toPort: 'in' },
    { from: 'b', fromPort: 'out', to: 'a', toPort: 'in' },
  ],
};

/** Collects every event until the predicate matches one. */
export function collectUntil(client: GrymClient, done: (e: ContractEvent) => boolean, timeoutMs = 15_000): Promise<ContractEvent[]> {
  const events: ContractEvent[] = [];
  return new Promise((res, rej) => {
    const t = setTimeout(() => {
      off();
      rej(new Error(`timed out; saw ${events.map((e) => e.type).join(', ')}`));
    }, timeoutMs);
    const off = client.on('*', (e) => {
      events.push(e);
      if (done(e)) {
        clearTimeout(t);
        off();
        res(events);
      }
    });
  });
}

export async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string; nodeId?: string; details?: unknown }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected the call to fail');
}
