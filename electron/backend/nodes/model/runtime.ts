/** How model nodes reach the model runtime of their data directory. */
import { getModelRuntime, type ModelRuntime } from '../../inference/model-runtime.ts';
import type { NodeRunContext } from '../types.ts';

export function runtimeFor(ctx: NodeRunContext<unknown>): ModelRuntime {
  // Inference takes its slots from the engine's resource manager, shared with every run.
  return getModelRuntime(ctx.dataDir, ctx.resources ? { resources: ctx.resources } : {});
}

/**
 * Inference takes its `cpu`/`gpu` slot and memory budget inside the session pool, so model nodes
 * ask the scheduler for none of their own (holding both would deadlock a machine with few slots).
 */
export const MODEL_NODE_RESOURCES = { cpu: 0, gpu: 0, memoryMb: 0 } as const;
