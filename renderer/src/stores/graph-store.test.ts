// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { graphToWorkflow, workflowToGraph } from '../editor/workflow-convert.ts';
import { freeSpot, useGraph } from './graph-store.ts';

const g = () => useGraph.getState();

beforeEach(() => {
  g().load({ nodes: [], edges: [] }, 'test');
});

describe('graph store', () => {
  it('undo restores a deleted node and redo deletes it again', () => {
    const id = g().addNode('util.wait', 'Wait', { x: 0, y: 0 });
    expect(g().nodes.map((n) => n.id)).toEqual([id]);
    expect(g().deleteSelected()).toBe(1);
    expect(g().nodes).toHaveLength(0);
    expect(g().undo()).toBe(true);
    expect(g().nodes.map((n) => n.id)).toEqual([id]);
    expect(g().redo()).toBe(true);
    expect(g().nodes).toHaveLength(0);
  });

  it('deleting a node removes the edges that touch it', () => {
    const a = g().addNode('util.wait', 'Wait', { x: 0, y: 0 });
    const b = g().addNode('util.passthrough', 'Pass', { x: 300, y: 0 });
    g().connect(a, 'out', b, 'in');
    g().selectOnly(a);
    g().deleteSelected();
    expect(g().edges).toHaveLength(0);
    g().undo();
    expect(g().edges).toHaveLength(1);
  });

  it('a new connection into an input replaces the old one', () => {
    const a = g().addNode('util.wait', 'A', { x: 0, y: 0 });
    const b = g().addNode('util.wait', 'B', { x: 0, y: 200 });
    const c = g().addNode('util.passthrough', 'C', { x: 300, y: 0 });
    g().connect(a, 'out', c, 'in');
    g().connect(b, 'out', c, 'in');
    expect(g().edges.map((e) => e.source)).toEqual([b]);
  });

  it('copy and paste duplicate the selection with fresh ids and internal edges', () => {
    const a = g().addNode('util.wait', 'A', { x: 0, y: 0 });
    const b = g().addNode('util.passthrough', 'B', { x: 300, y: 0 });
    g().connect(a, 'out', b, 'in');
    g().selectAll();
    expect(g().copySelected()).toBe(2);
    expect(g().paste()).toBe(2);
    const ids = g().nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(4);
    expect(g().edges).toHaveLength(2);
    const pasted = g().edges.find((e) => e.source !== a)!;
    expect(ids).toContain(pasted.source);
    expect(pasted.source).not.toBe(a);
    // The pasted nodes are the selection now, and one undo removes them all.
    expect(g().nodes.filter((n) => n.selected)).toHaveLength(2);
    g().undo();
    expect(g().nodes).toHaveLength(2);
  });

  it('new nodes are moved off nodes they would cover', () => {
    const a = g().addNode('util.wait', 'A', { x: 0, y: 0 });
    const b = g().addNode('util.wait', 'B', { x: 10, y: 10 });
    const pa = g().nodes.find((n) => n.id === a)!.position;
    const pb = g().nodes.find((n) => n.id === b)!.position;
    expect(Math.abs(pa.x - pb.x) >= 200 || Math.abs(pa.y - pb.y) >= 130).toBe(true);
    expect(freeSpot({ x: 1000, y: 1000 }, g().nodes)).toEqual({ x: 1000, y: 1000 });
  });

  it('a workflow survives the trip through the editor graph unchanged', () => {
    const wf = {
      version: 1 as const,
      name: 'round trip',
      nodes: [
        { id: 'a', type: 'util.wait', params: { ms: 5 }, position: { x: 1, y: 2 } },
        { id: 'b', type: 'util.passthrough', title: 'Pass', position: { x: 300, y: 2 } },
      ],
      edges: [{ from: 'a', fromPort: 'out', to: 'b', toPort: 'in' }],
    };
    const back = graphToWorkflow('round trip', workflowToGraph(wf, () => ''));
    expect(back).toEqual(wf);
  });
});
