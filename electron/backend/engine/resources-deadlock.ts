/**
 * Deadlock detection for nested acquisition (see ARCHITECTURE.md, "Resources").
 *
 * Each request is granted atomically, so a request that holds nothing can never be part of a
 * deadlock. Owners that already hold leases and wait for more can be. Detection is the classic
 * graph reduction for multi-unit resources, run against the manager's real service policy
 * (priority order plus reservations): owners that are not waiting are assumed to release what
 * they hold; waiters the policy could then serve are granted, and their owners, once they wait
 * for nothing more, release too. Whatever can never be served is deadlocked. The wait-for graph
 * (owner → owners holding a resource it lacks) among the deadlocked names the cycle.
 */
import type { Waiter } from './resources-queue.ts';

const EPS = 1e-9;

export interface DeadlockInput {
  /** cap - used, per resource index. */
  free: number[];
  /** What each owner holds now, per resource index. */
  held: ReadonlyMap<string, readonly number[]>;
  /** Live waiters in service order. */
  waiters: readonly Waiter[];
}

export interface Deadlock {
  /** The newest waiter whose owner holds leases: the one to reject. */
  victim: Waiter;
  /** Owners on the wait-for cycle through the victim's owner, in order (first repeated at the end). */
  cycle: string[];
  /** Every owner that can never be served. */
  owners: string[];
}

export function findDeadlock(input: DeadlockInput): Deadlock | null {
  const avail = input.free.slice();
  const pendingByOwner = new Map<string, number>();
  for (const w of input.waiters) {
    if (w.owner !== undefined) pendingByOwner.set(w.owner, (pendingByOwner.get(w.owner) ?? 0) + 1);
  }
  // Owners not waiting will release what they hold.
  for (const [owner, h] of input.held) {
    if (!pendingByOwner.has(owner)) addInto(avail, h);
  }
  const grantedByOwner = new Map<string, number[]>();
  let pending = input.waiters.slice();
  for (;;) {
    const reserve = avail.slice();
    const still: Waiter[] = [];
    const finished: string[] = [];
    for (const w of pending) {
      if (fits(w, reserve)) {
        take(w, reserve);
        take(w, avail);
        if (w.owner === undefined) {
          addBack(w, avail); // an owner-less lease is released by whoever holds it
          continue;
        }
        const g = grantedByOwner.get(w.owner) ?? new Array<number>(avail.length).fill(0);
        addBack(w, g);
        grantedByOwner.set(w.owner, g);
        const left = pendingByOwner.get(w.owner)! - 1;
        pendingByOwner.set(w.owner, left);
        if (left === 0) finished.push(w.owner);
      } else {
        take(w, reserve); // the policy keeps what a blocked waiter needs for it
        still.push(w);
      }
    }
    if (still.length === pending.length) break;
    for (const owner of finished) {
      const h = input.held.get(owner);
      if (h) addInto(avail, h);
      const g = grantedByOwner.get(owner);
      if (g) addInto(avail, g);
    }
    pending = still;
    if (pending.length === 0) return null;
  }
  let victim: Waiter | undefined;
  for (const w of pending) {
    if (w.owner !== undefined && holdsSomething(input.held.get(w.owner)) && (!victim || w.seq > victim.seq)) victim = w;
  }
  if (!victim) return null;
  const stuck = new Set(pending.filter((w) => w.owner !== undefined).map((w) => w.owner!));
  return { victim, cycle: findCycle(victim.owner!, pending, input.held, stuck), owners: [...stuck] };
}

function findCycle(start: string, pending: readonly Waiter[], held: ReadonlyMap<string, readonly number[]>, stuck: Set<string>): string[] {
  // X → Y when Y holds a resource X's waiter lacks, or Y's waiter is ahead of X's and reserves one
  // it needs. Self-edges go last so that a cycle through others is preferred.
  const edges = new Map<string, Set<string>>();
  const ahead: Waiter[] = [];
  for (const w of pending) {
    if (w.owner === undefined) continue;
    const out = edges.get(w.owner) ?? new Set<string>();
    for (const [other, h] of held) {
      if (stuck.has(other) && other !== w.owner && w.idx.some((r) => (h[r] ?? 0) > EPS)) out.add(other);
    }
    for (const v of ahead) if (v.owner !== w.owner && v.idx.some((r) => w.idx.includes(r))) out.add(v.owner!);
    if (w.idx.some((r) => (held.get(w.owner!)?.[r] ?? 0) > EPS)) out.add(w.owner);
    edges.set(w.owner, out);
    ahead.push(w);
  }
  const next = (n: string): string[] => [...(edges.get(n) ?? [])].sort((a, b) => Number(a === n) - Number(b === n));
  const path: string[] = [];
  const onPath = new Set<string>();
  const seen = new Set<string>();
  const dfs = (n: string): string[] | null => {
    path.push(n);
    onPath.add(n);
    seen.add(n);
    for (const m of next(n)) {
      if (m === start) return [...path, start];
      if (!seen.has(m) && !onPath.has(m)) {
        const found = dfs(m);
        if (found) return found;
      }
    }
    path.pop();
    onPath.delete(n);
    return null;
  };
  // No cycle through the victim's owner (it waits on a stuck group): list the group.
  return dfs(start) ?? [start, ...[...stuck].filter((o) => o !== start), start];
}

function holdsSomething(h: readonly number[] | undefined): boolean {
  return h !== undefined && h.some((v) => v > EPS);
}
function fits(w: Waiter, avail: number[]): boolean {
  for (let i = 0; i < w.idx.length; i++) if (avail[w.idx[i]!]! + EPS < w.amt[i]!) return false;
  return true;
}
function take(w: Waiter, into: number[]): void {
  for (let i = 0; i < w.idx.length; i++) into[w.idx[i]!]! -= w.amt[i]!;
}
function addBack(w: Waiter, into: number[]): void {
  for (let i = 0; i < w.idx.length; i++) into[w.idx[i]!]! += w.amt[i]!;
}
function addInto(into: number[], h: readonly number[]): void {
  for (let r = 0; r < into.length; r++) into[r]! += h[r] ?? 0;
}
