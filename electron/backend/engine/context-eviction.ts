/**
 * Eviction bookkeeping for the context manager. Both policies answer the same question in
 * O(1): which entry goes next. LRU is kept by `lru-cache` (recency order only: the context
 * manager enforces its own caps, so the cache never evicts on its own). LFU is hand-written:
 * frequency buckets, each in insertion order, so ties between equally used entries go to the
 * least recently used.
 */
import { LRUCache } from 'lru-cache';

export interface EvictionPolicy<T extends object> {
  /** Starts tracking `item`; `uses` seeds LFU frequency (restored hit counts). */
  add(item: T, uses?: number): void;
  touch(item: T): void;
  remove(item: T): void;
  /** The entry to evict next, left in place. */
  victim(): T | undefined;
}

export class LruPolicy<T extends object> implements EvictionPolicy<T> {
  private readonly order: LRUCache<T, true>;
  constructor(maxEntries: number) {
    // One slot of headroom: the manager evicts before it inserts, so `max` is never reached.
    this.order = new LRUCache<T, true>({ max: maxEntries + 1 });
  }
  add(item: T): void {
    this.order.set(item, true);
  }
  touch(item: T): void {
    this.order.get(item);
  }
  remove(item: T): void {
    this.order.delete(item);
  }
  victim(): T | undefined {
    return this.order.rkeys().next().value ?? undefined;
  }
}

export class LfuPolicy<T extends object> implements EvictionPolicy<T> {
  private readonly freq = new Map<T, number>();
  private readonly buckets = new Map<number, Set<T>>();
  private minFreq = Infinity;

  add(item: T, uses = 0): void {
    const f = Math.max(1, uses + 1);
    this.freq.set(item, f);
    this.bucket(f).add(item);
    if (f < this.minFreq) this.minFreq = f;
  }

  touch(item: T): void {
    const f = this.freq.get(item);
    if (f === undefined) return;
    const b = this.buckets.get(f)!;
    b.delete(item);
    if (b.size === 0) {
      this.buckets.delete(f);
      if (this.minFreq === f) this.minFreq = f + 1;
    }
    this.freq.set(item, f + 1);
    this.bucket(f + 1).add(item);
  }

  remove(item: T): void {
    const f = this.freq.get(item);
    if (f === undefined) return;
    this.freq.delete(item);
    const b = this.buckets.get(f)!;
    b.delete(item);
    if (b.size === 0) {
      this.buckets.delete(f);
      if (this.minFreq === f) this.minFreq = this.buckets.size === 0 ? Infinity : Math.min(...this.buckets.keys());
    }
  }

  victim(): T | undefined {
    if (this.minFreq === Infinity) return undefined;
    const b = this.buckets.get(this.minFreq);
    return b?.values().next().value;
  }

  private bucket(f: number): Set<T> {
    let b = this.buckets.get(f);
    if (!b) {
      b = new Set();
      this.buckets.set(f, b);
    }
    return b;
  }
}
