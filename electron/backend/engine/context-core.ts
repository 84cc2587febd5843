/**
 * The shared state behind every context scope of one manager: all entries, the global byte and
 * entry caps, the eviction policy, metrics, and write-through persistence. Internal to the
 * context manager (context.ts); nodes see only ContextScope.
 */
import { GrymError } from '../../../shared/errors.ts';
import { LfuPolicy, LruPolicy, type EvictionPolicy } from './context-eviction.ts';
import type { ContextStore } from './context-store.ts';
import { encodeValue } from './context-value.ts';

export interface Entry {
  readonly scope: string;
  readonly key: string;
  readonly value: unknown;
  readonly size: number;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  hits: number;
  lastAccess: number;
}

export interface CoreOptions {
  maxBytes: number;
  maxEntries: number;
  defaultTtlMs: number | undefined;
  policy: 'lru' | 'lfu';
  now: () => number;
}

export type RemoveReason = 'delete' | 'evict' | 'expire' | 'invalidate';

export class ContextCore {
  /** Entries by scope, then key. */
  readonly byScope = new Map<string, Map<string, Entry>>();
  readonly policy: EvictionPolicy<Entry>;
  bytes = 0;
  count = 0;
  hits = 0;
  misses = 0;
  evictions = 0;
  expirations = 0;

  constructor(
    readonly opts: CoreOptions,
    readonly store: ContextStore | null,
  ) {
    this.policy = opts.policy === 'lfu' ? new LfuPolicy<Entry>() : new LruPolicy<Entry>(opts.maxEntries);
  }

  own(scope: string): Map<string, Entry> {
    let m = this.byScope.get(scope);
    if (!m) {
      m = new Map();
      this.byScope.set(scope, m);
    }
    return m;
  }

  /** True (and the entry is removed) when it has expired. */
  expireIfDue(e: Entry, now: number): boolean {
    if (e.expiresAt === null || e.expiresAt > now) return false;
    this.remove(e, 'expire');
    return true;
  }

  hit(e: Entry, now: number): void {
    this.hits++;
    e.hits++;
    e.lastAccess = now;
    this.policy.touch(e);
    this.store?.touched(e.scope, e.key, e.hits, now);
  }

  set(scope: string, key: string, value: unknown, ttlMs: number | undefined): void {
    if (typeof key !== 'string' || key.length === 0) throw new GrymError('INVALID_PARAMS', 'context keys are non-empty strings');
    const ttl = ttlMs ?? this.opts.defaultTtlMs;
    if (ttl !== undefined && !(ttl > 0)) throw new GrymError('INVALID_PARAMS', `ttlMs must be > 0 (got ${ttl})`);
    const { json, size } = encodeValue(value, key);
    if (size > this.opts.maxBytes) {
      throw new GrymError('CONTEXT_ENTRY_TOO_LARGE', `context value for "${key}" is ${size} bytes; the cap is ${this.opts.maxBytes}`, { details: { key, size, maxBytes: this.opts.maxBytes } });
    }
    const now = this.opts.now();
    const map = this.own(scope);
    const old = map.get(key);
    if (old) this.detach(old);
    this.makeRoom(size);
    const e: Entry = {
      scope,
      key,
      value: JSON.parse(json) as unknown, // a private copy: later changes by the caller do not leak in
      size,
      createdAt: now,
      expiresAt: ttl === undefined || ttl === Infinity ? null : now + ttl,
      hits: 0,
      lastAccess: now,
    };
    this.attach(e, 0);
    this.store?.put({ scope, key, json, size, createdAt: now, expiresAt: e.expiresAt, hits: 0, lastAccess: now });
  }

  /** Adds an entry restored from the store (no write-back). */
  restore(e: Entry): void {
    this.makeRoom(e.size);
    this.attach(e, e.hits);
  }

  remove(e: Entry, reason: RemoveReason): void {
    if (this.byScope.get(e.scope)?.get(e.key) !== e) return;
    this.detach(e);
    if (reason === 'evict') this.evictions++;
    else if (reason === 'expire') this.expirations++;
    this.store?.delete(e.scope, e.key);
  }

  /** Evicts (expired entries first by luck of the policy, counted as expirations) until `size` fits. */
  private makeRoom(size: number): void {
    const now = this.opts.now();
    while (this.count > 0 && (this.count + 1 > this.opts.maxEntries || this.bytes + size > this.opts.maxBytes)) {
      const v = this.policy.victim();
      if (!v) break;
      if (!this.expireIfDue(v, now)) this.remove(v, 'evict');
    }
  }

  private attach(e: Entry, uses: number): void {
    this.own(e.scope).set(e.key, e);
    this.policy.add(e, uses);
    this.bytes += e.size;
    this.count++;
  }

  private detach(e: Entry): void {
    this.byScope.get(e.scope)?.delete(e.key);
    this.policy.remove(e);
    this.bytes -= e.size;
    this.count--;
  }
}
