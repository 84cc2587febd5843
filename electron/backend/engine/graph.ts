/**
 * Pure graph algorithms over a workflow's node ids and edges: cycle finding (with the path),
 * topological levels, critical path weighted by expected durations, reachability and a
 * transitive reduction of redundant edges.
 */
export interface GraphEdge {
  from: string;
  to: string;
}

export class Dag {
  readonly succ = new Map<string, Set<string>>();
  readonly pred = new Map<string, Set<string>>();

  constructor(
    readonly nodes: readonly string[],
    edges: readonly GraphEdge[],
  ) {
    for (const n of nodes) {
      this.succ.set(n, new Set());
      this.pred.set(n, new Set());
    }
    for (const e of edges) {
      if (!this.succ.has(e.from) || !this.succ.has(e.to)) continue;
      this.succ.get(e.from)!.add(e.to);
      this.pred.get(e.to)!.add(e.from);
    }
  }

  /** Every cycle's nodes in order (one representative cycle per strongly connected component). */
  findCycles(): string[][] {
    const cycles: string[][] = [];
    const WHITE = 0, GREY = 1, BLACK = 2;
    const color = new Map<string, number>(this.nodes.map((n) => [n, WHITE]));
    const parent = new Map<string, string>();
    const inCycle = new Set<string>();
    for (const start of this.nodes) {
      if (color.get(start) !== WHITE) continue;
      // iterative DFS to survive deep graphs
      const stack: { node: string; it: Iterator<string> }[] = [{ node: start, it: this.succ.get(start)!.values() }];
      color.set(start, GREY);
      while (stack.length) {
        const top = stack[stack.length - 1]!;
        const next = top.it.next();
        if (next.done) {
          color.set(top.node, BLACK);
          stack.pop();
          continue;
        }
        const v = next.value;
        const c = color.get(v);
        if (c === WHITE) {
          parent.set(v, top.node);
          color.set(v, GREY);
          stack.push({ node: v, it: this.succ.get(v)!.values() });
        } else if (c === GREY && !inCycle.has(v)) {
          // back edge top.node -> v: the cycle is v ... top.node
          const cycle: string[] = [];
          let cur: string | undefined = top.node;
          while (cur !== undefined && cur !== v) {
            cycle.push(cur);
            cur = parent.get(cur);
          }
          cycle.push(v);
          cycle.reverse();
          if (!cycle.some((n) => inCycle.has(n))) {
            cycle.forEach((n) => inCycle.add(n));
            cycles.push(cycle);
          }
        }
      }
    }
    return cycles;
  }

  /** Kahn's algorithm; throws on a cycle. */
  topoOrder(): string[] {
    const indeg = new Map<string, number>();
    for (const n of this.nodes) indeg.set(n, this.pred.get(n)!.size);
    const queue = this.nodes.filter((n) => indeg.get(n) === 0);
    const order: string[] = [];
    for (let i = 0; i < queue.length; i++) {
      const n = queue[i]!;
      order.push(n);
      for (const s of this.succ.get(n)!) {
        const d = indeg.get(s)! - 1;
        indeg.set(s, d);
        if (d === 0) queue.push(s);
      }
    }
    if (order.length !== this.nodes.length) throw new Error('graph has a cycle');
    return order;
  }

  /** Level of a node = longest number of edges from a source. */
  levels(): string[][] {
    const level = new Map<string, number>();
    const out: string[][] = [];
    for (const n of this.topoOrder()) {
      let l = 0;
      for (const p of this.pred.get(n)!) l = Math.max(l, level.get(p)! + 1);
      level.set(n, l);
      (out[l] ??= []).push(n);
    }
    return out;
  }

  /** Longest path by node weight. Returns the path and its total weight. */
  criticalPath(weight: (node: string) => number): { path: string[]; totalMs: number } {
    const best = new Map<string, number>();
    const prev = new Map<string, string | undefined>();
    let endNode: string | undefined;
    let endBest = -1;
    for (const n of this.topoOrder()) {
      let b = 0;
      let p: string | undefined;
      for (const q of this.pred.get(n)!) {
        const v = best.get(q)!;
        if (p === undefined || v > b) {
          b = v;
          p = q;
        }
      }
      const total = b + Math.max(0, weight(n));
      best.set(n, total);
      prev.set(n, p);
      // >=: on a tie the later node wins, so zero-weight nodes at the end stay on the path
      if (total >= endBest) {
        endBest = total;
        endNode = n;
      }
    }
    const path: string[] = [];
    for (let cur = endNode; cur !== undefined; cur = prev.get(cur)) path.push(cur);
    path.reverse();
    return { path, totalMs: Math.max(0, endBest) };
  }

  /** For every node, the longest weighted path from it to a sink (its own weight included). */
  remainingPath(weight: (node: string) => number): Map<string, number> {
    const out = new Map<string, number>();
    const order = this.topoOrder();
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i]!;
      let b = 0;
      for (const s of this.succ.get(n)!) b = Math.max(b, out.get(s)!);
      out.set(n, b + Math.max(0, weight(n)));
    }
    return out;
  }

  /** Nodes reachable from the given roots (roots included). */
  reachableFrom(roots: Iterable<string>, dir: 'down' | 'up' = 'down'): Set<string> {
    const adj = dir === 'down' ? this.succ : this.pred;
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n) || !adj.has(n)) continue;
      seen.add(n);
      for (const s of adj.get(n)!) stack.push(s);
    }
    return seen;
  }

  /** Edges u→v that are implied by a longer path u→…→v. */
  redundantEdges(): GraphEdge[] {
    const order = this.topoOrder();
    const pos = new Map(order.map((n, i) => [n, i]));
    const redundant: GraphEdge[] = [];
    for (const u of order) {
      const direct = this.succ.get(u)!;
      if (direct.size < 2) continue;
      // nodes reachable from u through paths of length ≥ 2
      const seen = new Set<string>();
      const stack: string[] = [];
      for (const v of direct) for (const w of this.succ.get(v)!) stack.push(w);
      while (stack.length) {
        const n = stack.pop()!;
        if (seen.has(n)) continue;
        seen.add(n);
        for (const s of this.succ.get(n)!) if (pos.get(s)! > pos.get(u)!) stack.push(s);
      }
      for (const v of direct) if (seen.has(v)) redundant.push({ from: u, to: v });
    }
    return redundant;
  }
}
