/** The editor's view of a workflow: @xyflow/react nodes and edges carrying grym data. */
import type { Edge, Node } from '@xyflow/react';

export interface GrymNodeData extends Record<string, unknown> {
  nodeType: string;
  title: string;
  params: Record<string, unknown>;
}

export type GrymNode = Node<GrymNodeData, 'grym'>;
export type GrymEdge = Edge;

export interface GraphSnapshot {
  nodes: GrymNode[];
  edges: GrymEdge[];
}

export function edgeId(from: string, fromPort: string, to: string, toPort: string): string {
  return `${from}.${fromPort}->${to}.${toPort}`;
}
