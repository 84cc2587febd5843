/**
 * Workflow validation: the same coded errors for `grym validate` and the UI, plus warnings and the
 * analysis a composer wants to see (levels, parallelism, critical path, redundant edges).
 */
import type { Workflow } from '../../../shared/workflow/schema.ts';
import { parseWorkflow } from '../../../shared/workflow/schema.ts';
import { portTypesCompatible } from '../../../shared/ports.ts';
import type { NodeRegistry } from '../nodes/registry.ts';
import { Dag } from './graph.ts';

export interface ValidationIssue {
  code: string;
  message: string;
  nodeIds: string[];
  /** zod path for INVALID_PARAMS / WORKFLOW_SCHEMA */
  path?: (string | number)[];
  edge?: { from: string; fromPort: string; to: string; toPort: string };
}

export interface WorkflowAnalysis {
  levels: string[][];
  maxParallelism: number;
  criticalPath: { nodeIds: string[]; estimatedMs: number };
  redundantEdges: { from: string; to: string }[];
}

export interface ValidationResult {
  ok: boolean;
  workflow?: Workflow;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  analysis?: WorkflowAnalysis;
  /** For the scheduler: each node's params after schema defaults, and the graph (when valid). */
  parsedParams?: Map<string, unknown>;
  dag?: Dag;
}

export type DurationEstimator = (nodeType: string, params: Record<string, unknown>) => number;

export interface ValidateOptions {
  /** Compute levels, the critical path and redundant edges (default true; the scheduler skips it). */
  analysis?: boolean;
}

export function validateWorkflow(raw: unknown, registry: NodeRegistry, estimate: DurationEstimator = () => 1, opts: ValidateOptions = {}): ValidationResult {
  const parsed = parseWorkflow(raw);
  if (!parsed.ok) {
    return {
      ok: false,
      errors: parsed.issues.map((i) => ({ code: parsed.code, message: `${i.path.join('.') || '(root)'}: ${i.message}`, nodeIds: [], path: i.path })),
      warnings: [],
    };
  }
  const wf = parsed.workflow;
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];

  const byId = new Map<string, Workflow['nodes'][number]>();
  const parsedParams = new Map<string, unknown>();
  for (const n of wf.nodes) {
    if (byId.has(n.id)) errors.push({ code: 'DUPLICATE_NODE_ID', message: `node id "${n.id}" is used more than once`, nodeIds: [n.id] });
    else byId.set(n.id, n);
  }

  for (const n of byId.values()) {
    const def = registry.get(n.type);
    if (!def) {
      errors.push({ code: 'UNKNOWN_NODE_TYPE', message: `node "${n.id}" has unknown type "${n.type}"`, nodeIds: [n.id] });
      continue;
    }
    const res = def.params.safeParse(n.params ?? {});
    if (res.success) parsedParams.set(n.id, res.data);
    else {
      for (const issue of res.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        errors.push({ code: 'INVALID_PARAMS', message: `node "${n.id}" param ${path.join('.') || '(params)'}: ${issue.message}`, nodeIds: [n.id], path: ['params', ...path] });
      }
    }
  }

  const connected = new Map<string, Set<string>>(); // nodeId -> connected input ports
  const usedOutputs = new Set<string>();
  for (const e of wf.edges) {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    const edge = { from: e.from, fromPort: e.fromPort, to: e.to, toPort: e.toPort };
    if (!from || !to) {
      const missing = [!from ? e.from : null, !to ? e.to : null].filter((x): x is string => x !== null);
      errors.push({ code: 'UNKNOWN_PORT', message: `edge ${e.from}.${e.fromPort} → ${e.to}.${e.toPort} names missing node(s) ${missing.join(', ')}`, nodeIds: [e.from, e.to], edge });
      continue;
    }
    const fromDef = registry.get(from.type);
    const toDef = registry.get(to.type);
    if (!fromDef || !toDef) continue;
    const out = fromDef.outputs.find((p) => p.name === e.fromPort);
    const inp = toDef.inputs.find((p) => p.name === e.toPort);
    if (!out) errors.push({ code: 'UNKNOWN_PORT', message: `node "${e.from}" (${from.type}) has no output port "${e.fromPort}"`, nodeIds: [e.from], edge });
    if (!inp) errors.push({ code: 'UNKNOWN_PORT', message: `node "${e.to}" (${to.type}) has no input port "${e.toPort}"`, nodeIds: [e.to], edge });
    if (!out || !inp) continue;
    if (!portTypesCompatible(out.type, inp.type)) {
      errors.push({
        code: 'PORT_TYPE_MISMATCH',
        message: `${e.from}.${e.fromPort} is ${out.type} but ${e.to}.${e.toPort} takes ${inp.type}`,
        nodeIds: [e.from, e.to],
        edge,
      });
    }
    const set = connected.get(e.to) ?? new Set<string>();
    if (set.has(e.toPort)) errors.push({ code: 'DUPLICATE_INPUT', message: `input ${e.to}.${e.toPort} has more than one incoming edge`, nodeIds: [e.to], edge });
    set.add(e.toPort);
    connected.set(e.to, set);
    usedOutputs.add(e.from);
  }

  for (const n of byId.values()) {
    const def = registry.get(n.type);
    if (!def) continue;
    for (const p of def.inputs) {
      if (p.required && !connected.get(n.id)?.has(p.name)) {
        errors.push({ code: 'MISSING_INPUT', message: `node "${n.id}" needs its "${p.name}" input (${p.type}) connected`, nodeIds: [n.id] });
      }
    }
  }

  const ids = [...byId.keys()];
  const dag = new Dag(ids, wf.edges.filter((e) => byId.has(e.from) && byId.has(e.to)));
  for (const cycle of dag.findCycles()) {
    errors.push({ code: 'WORKFLOW_CYCLE', message: `cycle: ${[...cycle, cycle[0]].join(' → ')}`, nodeIds: cycle });
  }

  // Warnings: nodes nothing flows into or out of, in a graph with edges, and nodes unreachable from any source.
  if (ids.length > 1) {
    for (const id of ids) {
      const isolated = dag.pred.get(id)!.size === 0 && dag.succ.get(id)!.size === 0;
      if (isolated) warnings.push({ code: 'UNUSED_NODE', message: `node "${id}" is not connected to anything`, nodeIds: [id] });
    }
  }
  const sources = ids.filter((id) => dag.pred.get(id)!.size === 0);
  const reachable = dag.reachableFrom(sources);
  for (const id of ids) {
    if (!reachable.has(id)) warnings.push({ code: 'UNREACHABLE_NODE', message: `node "${id}" cannot be reached from any source node (it sits on or behind a cycle)`, nodeIds: [id] });
  }

  if (errors.some((e) => e.code === 'WORKFLOW_CYCLE')) return { ok: false, workflow: wf, errors, warnings };
  if (opts.analysis === false) return { ok: errors.length === 0, workflow: wf, errors, warnings, parsedParams, dag };

  const levels = dag.levels();
  const weight = (id: string) => {
    const n = byId.get(id)!;
    return estimate(n.type, n.params ?? {});
  };
  const cp = dag.criticalPath(weight);
  const analysis: WorkflowAnalysis = {
    levels,
    maxParallelism: levels.reduce((m, l) => Math.max(m, l.length), 0),
    criticalPath: { nodeIds: cp.path, estimatedMs: Math.round(cp.totalMs) },
    redundantEdges: dag.redundantEdges(),
  };
  for (const r of analysis.redundantEdges) {
    warnings.push({ code: 'REDUNDANT_EDGE', message: `edge ${r.from} → ${r.to} is implied by a longer path`, nodeIds: [r.from, r.to] });
  }
  return { ok: errors.length === 0, workflow: wf, errors, warnings, analysis, parsedParams, dag };
}
