import { describe, expect, it } from 'vitest';
import { Dag } from '../../../electron/backend/engine/graph.ts';

const e = (from: string, to: string) => ({ from, to });

describe('Dag', () => {
  it('finds a cycle and names its nodes in order', () => {
    const d = new Dag(['a', 'b', 'c', 'd'], [e('a', 'b'), e('b', 'c'), e('c', 'd'), e('d', 'b')]);
    const cycles = d.findCycles();
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toEqual(['b', 'c', 'd']);
  });

  it('finds a self-loop', () => {
    expect(new Dag(['x'], [e('x', 'x')]).findCycles()).toEqual([['x']]);
  });

  it('reports no cycle on a DAG and orders it topologically', () => {
    const d = new Dag(['c', 'b', 'a'], [e('a', 'b'), e('b', 'c')]);
    expect(d.findCycles()).toEqual([]);
    expect(d.topoOrder()).toEqual(['a', 'b', 'c']);
  });

  it('computes levels as the longest distance from a source', () => {
    const d = new Dag(['a', 'b', 'c', 'd'], [e('a', 'b'), e('b', 'd'), e('a', 'c'), e('a', 'd')]);
    expect(d.levels()).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('weights the critical path by node durations', () => {
    const w: Record<string, number> = { a: 1, slow: 100, fast: 1, z: 1 };
    const d = new Dag(['a', 'slow', 'fast', 'z'], [e('a', 'slow'), e('a', 'fast'), e('slow', 'z'), e('fast', 'z')]);
    const cp = d.criticalPath((n) => w[n]!);
    expect(cp.path).toEqual(['a', 'slow', 'z']);
    expect(cp.totalMs).toBe(102);
  });

  it('keeps zero-weight nodes at the end of the critical path', () => {
    const d = new Dag(['a', 'b'], [e('a', 'b')]);
    expect(d.criticalPath((n) => (n === 'a' ? 5 : 0)).path).toEqual(['a', 'b']);
  });

  it('finds edges implied by a longer path (transitive reduction)', () => {
    const d = new Dag(['a', 'b', 'c'], [e('a', 'b'), e('b', 'c'), e('a', 'c')]);
    expect(d.redundantEdges()).toEqual([{ from: 'a', to: 'c' }]);
  });

  it('handles a 20,000-node chain without recursion limits', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => e(ids[i]!, id));
    const d = new Dag(ids, edges);
    expect(d.findCycles()).toEqual([]);
    expect(d.levels()).toHaveLength(20_000);
  });
});
