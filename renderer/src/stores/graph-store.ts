/**
 * The editor graph: nodes, edges, selection, clipboard and undo history. Every mutation that a user
 * would undo goes through `mutate`, which snapshots the graph first; selection and drags in
 * progress do not.
 */
import { applyEdgeChanges, applyNodeChanges } from '@xyflow/react';
import type { EdgeChange, NodeChange, XYPosition } from '@xyflow/react';
import { create } from 'zustand';
import type { GraphSnapshot, GrymEdge, GrymNode } from '../editor/graph-types.ts';
import { edgeId } from '../editor/graph-types.ts';
import { freshNodeId } from '../editor/workflow-convert.ts';

const HISTORY_LIMIT = 200;

export interface GraphState extends GraphSnapshot {
  name: string;
  past: GraphSnapshot[];
  future: GraphSnapshot[];
  clipboard: GraphSnapshot | null;
  /** Bumps on every structural change (not on selection), so autosave/validation can watch one number. */
  revision: number;
  /** Bumps when a whole workflow is loaded, so the canvas can fit it into view. */
  loadCount: number;
  onNodesChange: (changes: NodeChange<GrymNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<GrymEdge>[]) => void;
  /** Snapshot the graph for undo, then apply `fn`. */
  mutate: (fn: (g: GraphSnapshot) => GraphSnapshot) => void;
  /** Record an undo point without changing anything (e.g. at the start of a drag). */
  checkpoint: () => void;
  addNode: (nodeType: string, title: string, position: XYPosition, params?: Record<string, unknown>) => string;
  connect: (source: string, sourcePort: string, target: string, targetPort: string) => void;
  setParams: (id: string, params: Record<string, unknown>) => void;
  deleteSelected: () => number;
  copySelected: () => number;
  paste: (offset?: XYPosition) => number;
  selectAll: () => void;
  selectOnly: (id: string) => void;
  undo: () => boolean;
  redo: () => boolean;
  load: (graph: GraphSnapshot, name: string) => void;
  setName: (name: string) => void;
}

const NODE_W = 215;
const NODE_H = 135;

/** The wanted position, or the nearest one below/right of it that does not cover another node. */
export function freeSpot(wanted: XYPosition, nodes: readonly GrymNode[]): XYPosition {
  const clash = (p: XYPosition) => nodes.some((n) => Math.abs(n.position.x - p.x) < NODE_W && Math.abs(n.position.y - p.y) < NODE_H);
  for (let col = 0; col < 20; col++) {
    for (let row = 0; row < 4; row++) {
      const p = { x: wanted.x + col * (NODE_W + 25), y: wanted.y + row * (NODE_H + 10) };
      if (!clash(p)) return p;
    }
  }
  return wanted;
}

const snap = (s: GraphSnapshot): GraphSnapshot => ({ nodes: s.nodes, edges: s.edges });

export const useGraph = create<GraphState>()((set, get) => ({
  name: 'untitled',
  nodes: [],
  edges: [],
  past: [],
  future: [],
  clipboard: null,
  revision: 0,
  loadCount: 0,

  onNodesChange: (changes) => {
    const structural = changes.some((c) => c.type === 'remove' || c.type === 'add' || (c.type === 'position' && c.dragging === false));
    set((s) => ({ nodes: applyNodeChanges(changes, s.nodes), revision: structural ? s.revision + 1 : s.revision }));
  },
  onEdgesChange: (changes) => {
    const structural = changes.some((c) => c.type === 'remove' || c.type === 'add');
    set((s) => ({ edges: applyEdgeChanges(changes, s.edges), revision: structural ? s.revision + 1 : s.revision }));
  },

  checkpoint: () => set((s) => ({ past: [...s.past, snap(s)].slice(-HISTORY_LIMIT), future: [] })),

  mutate: (fn) =>
    set((s) => {
      const next = fn(snap(s));
      return { ...next, past: [...s.past, snap(s)].slice(-HISTORY_LIMIT), future: [], revision: s.revision + 1 };
    }),

  addNode: (nodeType, title, wanted, params = {}) => {
    const id = freshNodeId(nodeType, new Set(get().nodes.map((n) => n.id)));
    const position = freeSpot(wanted, get().nodes);
    const node: GrymNode = { id, type: 'grym', position, selected: true, data: { nodeType, title, params } };
    get().mutate((g) => ({ nodes: [...g.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node], edges: g.edges }));
    return id;
  },

  connect: (source, sourcePort, target, targetPort) =>
    get().mutate((g) => ({
      nodes: g.nodes,
      // An input takes one edge: a new connection replaces the old one.
      edges: [
        ...g.edges.filter((e) => !(e.target === target && e.targetHandle === targetPort)),
        { id: edgeId(source, sourcePort, target, targetPort), source, sourceHandle: sourcePort, target, targetHandle: targetPort },
      ],
    })),

  setParams: (id, params) =>
    get().mutate((g) => ({ nodes: g.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, params } } : n)), edges: g.edges })),

  deleteSelected: () => {
    const { nodes, edges } = get();
    const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
    const edgeGone = edges.filter((e) => e.selected || gone.has(e.source) || gone.has(e.target));
    if (gone.size === 0 && edgeGone.length === 0) return 0;
    const dropEdges = new Set(edgeGone.map((e) => e.id));
    get().mutate((g) => ({ nodes: g.nodes.filter((n) => !gone.has(n.id)), edges: g.edges.filter((e) => !dropEdges.has(e.id)) }));
    return gone.size + edgeGone.length;
  },

  copySelected: () => {
    const { nodes, edges } = get();
    const picked = nodes.filter((n) => n.selected);
    const ids = new Set(picked.map((n) => n.id));
    set({ clipboard: { nodes: picked, edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)) } });
    return picked.length;
  },

  paste: (offset = { x: 40, y: 40 }) => {
    const clip = get().clipboard;
    if (!clip || clip.nodes.length === 0) return 0;
    const taken = new Set(get().nodes.map((n) => n.id));
    const rename = new Map<string, string>();
    const fresh = clip.nodes.map((n) => {
      const id = freshNodeId(n.data.nodeType, taken);
      taken.add(id);
      rename.set(n.id, id);
      return { ...n, id, selected: true, position: { x: n.position.x + offset.x, y: n.position.y + offset.y }, data: { ...n.data, params: { ...n.data.params } } };
    });
    const freshEdges = clip.edges.map((e) => {
      const s = rename.get(e.source)!;
      const t = rename.get(e.target)!;
      return { ...e, id: edgeId(s, e.sourceHandle ?? 'out', t, e.targetHandle ?? 'in'), source: s, target: t, selected: false };
    });
    get().mutate((g) => ({ nodes: [...g.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...fresh], edges: [...g.edges, ...freshEdges] }));
    // Next paste lands a little further on.
    set({ clipboard: { nodes: fresh.map((n) => ({ ...n, selected: false })), edges: freshEdges } });
    return fresh.length;
  },

  selectAll: () => set((s) => ({ nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })) })),
  selectOnly: (id) => set((s) => ({ nodes: s.nodes.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })) })),

  undo: () => {
    const { past } = get();
    const prev = past[past.length - 1];
    if (!prev) return false;
    set((s) => ({ ...prev, past: s.past.slice(0, -1), future: [snap(s), ...s.future], revision: s.revision + 1 }));
    return true;
  },
  redo: () => {
    const { future } = get();
    const next = future[0];
    if (!next) return false;
    set((s) => ({ ...next, past: [...s.past, snap(s)], future: s.future.slice(1), revision: s.revision + 1 }));
    return true;
  },

  load: (graph, name) => set((s) => ({ ...graph, name, past: [], future: [], revision: s.revision + 1, loadCount: s.loadCount + 1 })),
  setName: (name) => set((s) => ({ name, revision: s.revision + 1 })),
}));

/** Module-scope selectors, so components do not re-create them per render. */
export const selectSelectedIds = (s: GraphState): string => s.nodes.filter((n) => n.selected).map((n) => n.id).join(',');
