/** Test fixtures for the engine: temp data dirs, workflow builders and recording node types. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { GrymError, RetryableError } from '../../../shared/errors.ts';
import type { EngineEvent } from '../../../shared/events.ts';
import type { Workflow } from '../../../shared/workflow/schema.ts';
import { Engine, type EngineOptions } from '../../../electron/backend/engine/engine.ts';
import { NodeRegistry } from '../../../electron/backend/nodes/registry.ts';
import { defineNodeType } from '../../../electron/backend/nodes/types.ts';
import { registerUtilNodes } from '../../../electron/backend/nodes/util/index.ts';

export function tempDir(prefix = 'grym-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every execution of a recording node, in start order. */
export const executions: { nodeId: string; attempt: number; at: number }[] = [];
export const concurrencyProbe = { current: 0, max: 0 };

export function testRegistry(): NodeRegistry {
  const r = new NodeRegistry();
  registerUtilNodes(r);
  r.register(
    defineNodeType({
      type: 'test.record',
      version: 1,
      title: 'Record',
      category: 'Test',
      description: 'records each execution; waits ms; fails per params',
      inputs: [
        { name: 'a', type: 'any', required: false },
        { name: 'b', type: 'any', required: false },
      ],
      outputs: [{ name: 'out', type: 'any' }],
      params: z.object({
        ms: z.number().default(0),
        value: z.unknown().optional(),
        fail: z.enum(['none', 'retryable', 'fatal']).default('none'),
        gpu: z.number().default(0),
      }),
      resources: (p) => ({ cpu: 1, gpu: p.gpu }),
      cacheable: true,
      async run(ctx) {
        executions.push({ nodeId: ctx.nodeId, attempt: ctx.attempt, at: Date.now() });
        concurrencyProbe.current++;
        concurrencyProbe.max = Math.max(concurrencyProbe.max, concurrencyProbe.current);
        try {
          if (ctx.params.ms > 0) await new Promise((r) => setTimeout(r, ctx.params.ms));
          if (ctx.params.fail === 'retryable') throw new RetryableError(`${ctx.nodeId} flaked`);
          if (ctx.params.fail === 'fatal') throw new GrymError('NODE_FAILED', `${ctx.nodeId} broke`);
          return { out: { id: ctx.nodeId, value: ctx.params.value ?? null, inputs: ctx.inputs } };
        } finally {
          concurrencyProbe.current--;
        }
      },
    }),
  );
  return r;
}

export function resetProbes(): void {
  executions.length = 0;
  concurrencyProbe.current = 0;
  concurrencyProbe.max = 0;
}

export function openTestEngine(dir: string, opts: Partial<EngineOptions> = {}): Engine {
  return Engine.open({ dataDir: dir, registry: testRegistry(), faults: '', ...opts });
}

type N = Workflow['nodes'][number];
export function wf(name: string, nodes: N[], edges: [string, string, string?, string?][] = []): Workflow {
  return {
    version: 1,
    name,
    nodes,
    edges: edges.map(([from, to, fromPort, toPort]) => ({ from, fromPort: fromPort ?? 'out', to, toPort: toPort ?? 'a' })),
  };
}

export function collect(engine: Engine): EngineEvent[] {
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  return events;
}
