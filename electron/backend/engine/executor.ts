/**
 * Where a node's work actually runs. The scheduler decides *when*; an executor decides *where*.
 * `InProcessExecutor` is the first implementation; a distributed (BullMQ/Redis) executor will
 * implement the same interface and pass the same conformance suite (test/unit/engine/executor-conformance.test.ts).
 */
import { GrymError } from '../../../shared/errors.ts';
import type { Workflow } from '../../../shared/workflow/schema.ts';
import type { NodeRegistry } from '../nodes/registry.ts';
import type { ArtifactStoreApi, ContextScopeApi, NodeResourceGate } from '../nodes/types.ts';
import { applyFault, type Fault } from './faults.ts';

export interface ExecRequest {
  runId: string;
  nodeId: string;
  nodeType: string;
  /** Already validated against the node type's schema. */
  params: unknown;
  /** Input values by port. */
  inputs: Record<string, unknown>;
  attempt: number;
}

export interface ExecHooks {
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
  log(message: string): void;
  context: ContextScopeApi;
  /** The run's workflow. */
  workflow?: Workflow;
}

export interface NodeExecutor {
  readonly name: string;
  execute(req: ExecRequest, hooks: ExecHooks): Promise<Record<string, unknown>>;
  dispose(): void;
}

export class InProcessExecutor implements NodeExecutor {
  readonly name = 'in-process';

  constructor(
    private readonly registry: NodeRegistry,
    private readonly artifacts: ArtifactStoreApi,
    private readonly dataDir: string,
    private readonly faults: Map<string, Fault> = new Map(),
    private readonly resources?: NodeResourceGate,
  ) {}

  execute(req: ExecRequest, hooks: ExecHooks): Promise<Record<string, unknown>> {
    const def = this.registry.get(req.nodeType);
    if (!def) return Promise.reject(new GrymError('UNKNOWN_NODE_TYPE', `unknown node type ${req.nodeType}`, { nodeId: req.nodeId }));
    try {
      const hang = applyFault(this.faults.get(req.nodeId), req.nodeId, req.attempt);
      if (hang) return hang;
    } catch (err) {
      return Promise.reject(err);
    }
    try {
      return def.run({
        runId: req.runId,
        nodeId: req.nodeId,
        attempt: req.attempt,
        params: req.params,
        inputs: req.inputs,
        signal: hooks.signal,
        progress: hooks.progress,
        log: hooks.log,
        artifacts: this.artifacts,
        context: hooks.context,
        dataDir: this.dataDir,
        workflow: hooks.workflow,
        ...(this.resources ? { resources: this.resources } : {}),
      });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  dispose(): void {}
}
