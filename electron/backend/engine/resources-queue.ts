/**
 * The resource manager's wait queue: one FIFO bucket per priority level, visited in order of
 * effective priority (priority plus an aging bonus that grows with time waited), then FIFO.
 *
 * Within a bucket the oldest waiter always has the largest bonus, so a k-way merge over bucket
 * heads yields the global order without sorting; k is the number of distinct priorities (small).
 * Removal is lazy (a `done` flag); buckets compact their dead prefix as they go.
 */

export interface Waiter {
  readonly seq: number;
  readonly priority: number;
  readonly enqueuedAt: number;
  readonly owner: string | undefined;
  /** Resource indices and amounts, parallel arrays (zero amounts never appear). */
  readonly idx: number[];
  readonly amt: number[];
  readonly needs: Readonly<Record<string, number>>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  done: boolean;
}

interface Bucket {
  readonly priority: number;
  items: Waiter[];
  head: number;
  live: number;
}

export class WaiterQueue {
  private readonly buckets = new Map<number, Bucket>();
  /** Bucket list, highest priority first. */
  private order: Bucket[] = [];
  private count = 0;
  private scanning = false;

  get size(): number {
    return this.count;
  }

  push(w: Waiter): void {
    let b = this.buckets.get(w.priority);
    if (!b) {
      b = { priority: w.priority, items: [], head: 0, live: 0 };
      this.buckets.set(w.priority, b);
      this.order.push(b);
      this.order.sort((x, y) => y.priority - x.priority);
    }
    b.items.push(w);
    b.live++;
    this.count++;
  }

  /** Marks a waiter removed. Safe to call during `scan`. */
  remove(w: Waiter): void {
    if (w.done) return;
    w.done = true;
    this.count--;
    const b = this.buckets.get(w.priority);
    if (!b) return;
    b.live--;
    if (this.scanning) return; // cursors index into `items`: compact after the scan
    this.compact(b);
  }

  private compact(b: Bucket): void {
    if (b.live === 0) {
      b.items = [];
      b.head = 0;
      return;
    }
    while (b.head < b.items.length && b.items[b.head]!.done) b.head++;
    if (b.head > 1024 && b.head * 2 > b.items.length) {
      b.items = b.items.slice(b.head);
      b.head = 0;
    }
  }

  /** Drops empty buckets (not during a scan: cursors index into `order`). */
  private prune(): void {
    if (this.order.every((b) => b.live > 0)) return;
    this.order = this.order.filter((b) => {
      if (b.live > 0) return true;
      this.buckets.delete(b.priority);
      return false;
    });
  }

  /**
   * Visits live waiters in effective-priority order (ties: lower seq first) until `visit`
   * returns false. `agingMs` is the wait that is worth one priority point (Infinity: no aging).
   */
  scan(now: number, agingMs: number, visit: (w: Waiter) => boolean): void {
    if (this.scanning) throw new Error('WaiterQueue.scan is not reentrant');
    this.prune();
    this.scanning = true;
    try {
      this.scanInner(now, agingMs, visit);
    } finally {
      this.scanning = false;
      for (const b of this.order) this.compact(b);
    }
  }

  private scanInner(now: number, agingMs: number, visit: (w: Waiter) => boolean): void {
    const bs = this.order;
    if (bs.length === 1) {
      const b = bs[0]!;
      for (let i = b.head; i < b.items.length; i++) {
        const w = b.items[i]!;
        if (!w.done && !visit(w)) return;
      }
      return;
    }
    const cursor = bs.map((b) => b.head);
    for (;;) {
      let best = -1;
      let bestEff = -Infinity;
      let bestSeq = Infinity;
      for (let k = 0; k < bs.length; k++) {
        const b = bs[k]!;
        let i = cursor[k]!;
        while (i < b.items.length && b.items[i]!.done) i++;
        cursor[k] = i;
        if (i >= b.items.length) continue;
        const w = b.items[i]!;
        const eff = agingMs === Infinity ? w.priority : w.priority + (now - w.enqueuedAt) / agingMs;
        if (eff > bestEff || (eff === bestEff && w.seq < bestSeq)) {
          best = k;
          bestEff = eff;
          bestSeq = w.seq;
        }
      }
      if (best < 0) return;
      const w = bs[best]!.items[cursor[best]!]!;
      cursor[best]!++;
      if (!visit(w)) return;
    }
  }

  /** Live waiters in service order (a snapshot). */
  list(now: number, agingMs: number): Waiter[] {
    const out: Waiter[] = [];
    this.scan(now, agingMs, (w) => {
      out.push(w);
      return true;
    });
    return out;
  }
}
