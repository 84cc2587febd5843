/** Converts between the workflow file format (shared/workflow/schema.ts) and the editor's graph. */
import type { Workflow } from '../../../shared/workflow/schema.ts';
import { CURRENT_WORKFLOW_VERSION } from '../../../shared/workflow/schema.ts';
import type { GraphSnapshot, GrymEdge, GrymNode } from './graph-types.ts';
import { edgeId } from './graph-types.ts';

export function graphToWorkflow(name: string, graph: GraphSnapshot): Workflow {
  return {
    version: CURRENT_WORKFLOW_VERSION,
    name: name || 'untitled',
    nodes: graph.nodes.map((n) => {
      const out: Workflow['nodes'][number] = {
        id: n.id,
        type: n.data.nodeType,
        position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      };
      if (n.data.title) out.title = n.data.title;
      if (Object.keys(n.data.params).length > 0) out.params = n.data.params;
      return out;
    }),
    edges: graph.edges.map((e) => ({ from: e.source, fromPort: e.sourceHandle ?? 'out', to: e.target, toPort: e.targetHandle ?? 'in' })),
  };
}

export function workflowToGraph(wf: Workflow, titleOf: (type: string) => string = (t) => t): GraphSnapshot {
  const nodes: GrymNode[] = wf.nodes.map((n, i) => ({
    id: n.id,
    type: 'grym',
    position: n.position ?? { x: 80 + (i % 6) * 240, y: 80 + Math.floor(i / 6) * 140 },
    data: { nodeType: n.type, title: n.title ?? titleOf(n.type), params: n.params ?? {} },
  }));
  const edges: GrymEdge[] = wf.edges.map((e) => ({
    id: edgeId(e.from, e.fromPort, e.to, e.toPort),
    source: e.from,
    sourceHandle: e.fromPort,
    target: e.to,
    targetHandle: e.toPort,
  }));
  return { nodes, edges };
}

/** A fresh node id for a type, unique within `taken`: `load_1`, `analyze_2`, … */
export function freshNodeId(nodeType: string, taken: ReadonlySet<string>): string {
  const base = (nodeType.split('.').pop() ?? 'node').replace(/[^A-Za-z0-9_]/g, '_') || 'node';
  for (let i = 1; ; i++) {
    const id = `${base}_${i}`;
    if (!taken.has(id)) return id;
  }
}
