/**
 * The context manager: key/value state shared by nodes, scoped per workflow and per run
 * (`workflow:<name>` → `run:<id>`). Child scopes inherit reads from their parents and shadow
 * them with their own entries. One manager enforces TTLs, a global byte and entry cap with LRU
 * or LFU eviction, keeps hit/miss/eviction metrics, invalidates by glob, and writes through to
 * SQLite so that reopening on the same database restores scopes and unexpired entries.
 */
import { GrymError } from '../../../shared/errors.ts';
import type { Db } from '../store/db.ts';
import type { ContextScopeApi } from '../nodes/types.ts';
import { ContextCore, type Entry } from './context-core.ts';
import { ContextStore } from './context-store.ts';
import { globToRegExp } from './context-value.ts';
import type { ContextEntryDto } from '../../../shared/contract.ts';

export interface ContextOptions {
  /** Global cap on the JSON bytes of all values (default 64 MiB). */
  maxBytes?: number;
  /** Global cap on entries (default 10,000). */
  maxEntries?: number;
  /** TTL of entries set without one (default: none). */
  defaultTtlMs?: number;
  policy?: 'lru' | 'lfu';
  /** Wall clock in epoch ms (default Date.now); injectable for tests. */
  now?: () => number;
}

/** One entry as the inspector sees it: the contract's shape, so it crosses IPC unchanged. */
export type ContextEntryInfo = ContextEntryDto;

export interface ContextMetrics {
  hits: number;
  misses: number;
  evictions: number;
  expirations: number;
  bytes: number;
  entries: number;
}

export class ContextScope implements ContextScopeApi {
  /** @internal use ContextManager.scope() */
  constructor(
    readonly name: string,
    readonly parent: ContextScope | null,
    private readonly core: ContextCore,
    private readonly manager: ContextManager,
  ) {
    this.lineage = [this, ...(parent?.lineage ?? [])];
  }

  /** This scope, then its parent, grandparent…: the order reads look in. */
  private readonly lineage: ContextScope[];

  get<T = unknown>(key: string): T | undefined {
    const now = this.core.opts.now();
    for (const s of this.lineage) {
      const e = this.core.byScope.get(s.name)?.get(key);
      if (e && !this.core.expireIfDue(e, now)) {
        this.core.hit(e, now);
        return e.value as T;
      }
    }
    this.core.misses++;
    return undefined;
  }

  set(key: string, value: unknown, opts: { ttlMs?: number } = {}): void {
    this.core.set(this.name, key, value, opts.ttlMs);
  }

  /** Whether `key` is readable here (own or inherited); counts no hit or miss. */
  has(key: string): boolean {
    const now = this.core.opts.now();
    for (const s of this.lineage) {
      const e = this.core.byScope.get(s.name)?.get(key);
      if (e && !this.core.expireIfDue(e, now)) return true;
    }
    return false;
  }

  /** Deletes this scope's own entry (never a parent's). */
  delete(key: string): boolean {
    const e = this.core.byScope.get(this.name)?.get(key);
    if (!e) return false;
    const live = !this.core.expireIfDue(e, this.core.opts.now());
    if (live) this.core.remove(e, 'delete');
    return live;
  }

  entries(opts: { includeInherited?: boolean } = {}): ContextEntryInfo[] {
    const now = this.core.opts.now();
    const out: ContextEntryInfo[] = [];
    const seen = new Set<string>();
    for (const s of opts.includeInherited ? this.lineage : [this]) {
      for (const e of [...(this.core.byScope.get(s.name)?.values() ?? [])]) {
        if (seen.has(e.key) || this.core.expireIfDue(e, now)) continue;
        seen.add(e.key);
        out.push(info(e, s !== this));
      }
    }
    return out;
  }

  child(name: string): ContextScope {
    return this.manager.scope(name, this.name);
  }
}

export class ContextManager {
  private readonly core: ContextCore;
  private readonly scopes = new Map<string, ContextScope>();
  private readonly store: ContextStore | null;

  constructor(db: Db | null, opts: ContextOptions = {}) {
    const maxEntries = opts.maxEntries ?? 10_000;
    const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new GrymError('INVALID_PARAMS', `maxEntries must be a positive integer (got ${maxEntries})`);
    if (!(maxBytes > 0)) throw new GrymError('INVALID_PARAMS', `maxBytes must be > 0 (got ${maxBytes})`);
    this.store = db ? new ContextStore(db) : null;
    this.core = new ContextCore(
      { maxBytes, maxEntries, defaultTtlMs: opts.defaultTtlMs, policy: opts.policy ?? 'lru', now: opts.now ?? Date.now },
      this.store,
    );
    if (this.store) this.restore(this.store);
  }

  /** The scope called `name`, created (and persisted) on first use; `parent` is created too. */
  scope(name: string, parent?: string): ContextScope {
    const existing = this.scopes.get(name);
    if (existing) {
      if (parent !== undefined && existing.parent?.name !== parent) {
        throw new GrymError('INVALID_PARAMS', `context scope "${name}" already exists with parent ${existing.parent ? `"${existing.parent.name}"` : 'none'}`);
      }
      return existing;
    }
    const p = parent === undefined ? null : this.scope(parent);
    const s = new ContextScope(name, p, this.core, this);
    this.scopes.set(name, s);
    this.store?.saveScope(name, p?.name ?? null, this.core.opts.now());
    return s;
  }

  metrics(): ContextMetrics {
    const c = this.core;
    return { hits: c.hits, misses: c.misses, evictions: c.evictions, expirations: c.expirations, bytes: c.bytes, entries: c.count };
  }

  /** Removes the entries whose key matches the glob (`node:*:outputs`), in one scope or all. */
  invalidate(pattern: string, scope?: string): number {
    const re = globToRegExp(pattern);
    const victims: Entry[] = [];
    for (const [name, map] of this.core.byScope) {
      if (scope !== undefined && name !== scope) continue;
      for (const e of map.values()) if (re.test(e.key)) victims.push(e);
    }
    const run = (): void => {
      for (const e of victims) this.core.remove(e, 'invalidate');
    };
    if (this.store && victims.length > 1) this.store.batch(run);
    else run();
    return victims.length;
  }

  listScopes(): { name: string; parent: string | null; entries: number; bytes: number }[] {
    return [...this.scopes.values()].map((s) => {
      const map = this.core.byScope.get(s.name);
      let bytes = 0;
      for (const e of map?.values() ?? []) bytes += e.size;
      return { name: s.name, parent: s.parent?.name ?? null, entries: map?.size ?? 0, bytes };
    });
  }

  /** Removes every expired entry now; returns how many. */
  purgeExpired(): number {
    const now = this.core.opts.now();
    let n = 0;
    for (const map of this.core.byScope.values()) for (const e of [...map.values()]) if (this.core.expireIfDue(e, now)) n++;
    return n;
  }

  /** Writes batched hit counts to SQLite now (they are otherwise written at the end of the tick). */
  flush(): void {
    this.store?.flush();
  }

  private restore(store: ContextStore): void {
    const rows = store.loadScopes();
    const parents = new Map(rows.map((r) => [r.name, r.parent]));
    const make = (name: string): ContextScope => {
      const have = this.scopes.get(name);
      if (have) return have;
      const parent = parents.get(name);
      const s = new ContextScope(name, parent ? make(parent) : null, this.core, this);
      this.scopes.set(name, s);
      return s;
    };
    for (const r of rows) make(r.name);
    const { expired, entries } = store.loadEntries(this.core.opts.now());
    this.core.expirations += expired;
    for (const r of entries) {
      if (!this.scopes.has(r.scope)) this.scope(r.scope);
      this.core.restore({
        scope: r.scope,
        key: r.key,
        value: JSON.parse(r.json) as unknown,
        size: r.size,
        createdAt: r.createdAt,
        expiresAt: r.expiresAt,
        hits: r.hits,
        lastAccess: r.lastAccess,
      });
    }
  }
}

function info(e: Entry, inherited: boolean): ContextEntryInfo {
  const out: ContextEntryInfo = { key: e.key, value: e.value, size: e.size, createdAt: e.createdAt, expiresAt: e.expiresAt, hits: e.hits, lastAccess: e.lastAccess };
  if (inherited) out.inherited = true;
  return out;
}
