/** Turns a validated workflow into the scheduler's in-memory graph, with priorities and estimates. */
import type { NodeStatus } from '../../../shared/events.ts';
import type { Workflow } from '../../../shared/workflow/schema.ts';
import type { NodeRegistry } from '../nodes/registry.ts';
import { resourceNeedsOf } from '../nodes/registry.ts';
import type { NodeTypeDef } from '../nodes/types.ts';
import { Dag } from './graph.ts';

export interface PlanNode {
  id: string;
  type: string;
  def: NodeTypeDef<any>;
  params: unknown;
  inputs: { port: string; from: PlanNode; fromPort: string }[];
  succ: PlanNode[];
  /** Predecessors not yet finished. */
  waiting: number;
  status: NodeStatus;
  attempts: number;
  cached: boolean;
  outputs: Record<string, string> | undefined;
  expectedMs: number;
  /** Longest expected path from this node to a sink: nodes on the critical path start first. */
  priority: number;
  needs: Record<string, number>;
  breakerKey: string | undefined;
  timeoutMs: number | undefined;
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  startedAt: number;
  attemptStartedAt: number;
  durationMs: number | null;
  error: { code: string; message: string } | undefined;
}

export function expectedDuration(def: NodeTypeDef<any> | undefined, params: unknown, history: Map<string, number>, type: string): number {
  const h = history.get(type);
  if (h !== undefined) return h;
  if (def?.expectedMs !== undefined) return typeof def.expectedMs === 'function' ? def.expectedMs(params) : def.expectedMs;
  return 10;
}

export interface PlanHints {
  /** Params already parsed by validation. */
  parsedParams?: Map<string, unknown>;
  /** The graph validation built. */
  dag?: Dag;
}

export function buildPlan(wf: Workflow, registry: NodeRegistry, history: Map<string, number>, targetNodeIds?: string[], hints: PlanHints = {}): Map<string, PlanNode> {
  const nodes = new Map<string, PlanNode>();
  for (const n of wf.nodes) {
    const def = registry.get(n.type);
    if (!def) throw new Error(`unknown node type ${n.type}`);
    const params = hints.parsedParams?.has(n.id) ? hints.parsedParams.get(n.id) : def.params.parse(n.params ?? {});
    const needs = resourceNeedsOf(def, params);
    const resources: Record<string, number> = {};
    if (needs.cpu > 0) resources.cpu = needs.cpu;
    if (needs.gpu > 0) resources.gpu = needs.gpu;
    if (needs.memoryMb > 0) resources.memoryMb = needs.memoryMb;
    nodes.set(n.id, {
      id: n.id,
      type: n.type,
      def,
      params,
      inputs: [],
      succ: [],
      waiting: 0,
      status: 'pending',
      attempts: 0,
      cached: false,
      outputs: undefined,
      expectedMs: expectedDuration(def, params, history, n.type),
      priority: 0,
      needs: resources,
      breakerKey: needs.breakerKey,
      timeoutMs: n.timeoutMs,
      retries: n.retries ?? def.retry?.retries ?? 0,
      initialDelayMs: def.retry?.initialDelayMs ?? 100,
      maxDelayMs: def.retry?.maxDelayMs ?? 10_000,
      startedAt: 0,
      attemptStartedAt: 0,
      durationMs: null,
      error: undefined,
    });
  }
  for (const e of wf.edges) {
    const from = nodes.get(e.from)!;
    const to = nodes.get(e.to)!;
    to.inputs.push({ port: e.toPort, from, fromPort: e.fromPort });
    if (!from.succ.includes(to)) from.succ.push(to);
  }
  const dag = hints.dag ?? new Dag([...nodes.keys()], wf.edges);
  const remaining = dag.remainingPath((id) => nodes.get(id)!.expectedMs);
  for (const [id, n] of nodes) n.priority = remaining.get(id)!;
  if (targetNodeIds && targetNodeIds.length > 0) {
    const keep = dag.reachableFrom(targetNodeIds, 'up');
    for (const [id, n] of nodes) if (!keep.has(id)) n.status = 'skipped';
  }
  return nodes;
}
