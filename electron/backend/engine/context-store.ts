/**
 * Write-through persistence of the context manager in SQLite (tables `context_scopes` and
 * `context_entries`, migration 2). Sets and removals are written at once; hit counts and access
 * times are batched and written in one transaction at the end of the current tick.
 */
import type { Db } from '../store/db.ts';

export interface StoredEntry {
  scope: string;
  key: string;
  json: string;
  size: number;
  createdAt: number;
  expiresAt: number | null;
  hits: number;
  lastAccess: number;
}

interface EntryRow {
  scope: string;
  key: string;
  value_json: string;
  size: number;
  created_at: number;
  expires_at: number | null;
  hits: number;
  last_access: number;
}

export class ContextStore {
  private readonly upsertStmt;
  private readonly deleteStmt;
  private readonly accessStmt;
  private readonly scopeStmt;
  private readonly dirty = new Map<string, { scope: string; key: string; hits: number; lastAccess: number }>();
  private flushQueued = false;

  constructor(private readonly db: Db) {
    this.upsertStmt = db.prepare(
      `INSERT OR REPLACE INTO context_entries (scope, key, value_json, size, created_at, expires_at, hits, last_access)
       VALUES (@scope, @key, @json, @size, @createdAt, @expiresAt, @hits, @lastAccess)`,
    );
    this.deleteStmt = db.prepare('DELETE FROM context_entries WHERE scope = ? AND key = ?');
    this.accessStmt = db.prepare('UPDATE context_entries SET hits = ?, last_access = ? WHERE scope = ? AND key = ?');
    this.scopeStmt = db.prepare('INSERT OR IGNORE INTO context_scopes (scope, parent, created_at) VALUES (?, ?, ?)');
  }

  saveScope(name: string, parent: string | null, createdAt: number): void {
    this.scopeStmt.run(name, parent, createdAt);
  }

  put(e: StoredEntry): void {
    this.dirty.delete(id(e.scope, e.key));
    this.upsertStmt.run(e);
  }

  delete(scope: string, key: string): void {
    this.dirty.delete(id(scope, key));
    this.deleteStmt.run(scope, key);
  }

  /** Runs `fn` in one transaction (bulk removals). */
  batch(fn: () => void): void {
    this.db.transaction(fn)();
  }

  touched(scope: string, key: string, hits: number, lastAccess: number): void {
    this.dirty.set(id(scope, key), { scope, key, hits, lastAccess });
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  /** Writes pending hit counts and access times now. */
  flush(): void {
    this.flushQueued = false;
    if (this.dirty.size === 0 || !this.db.open) return;
    const rows = [...this.dirty.values()];
    this.dirty.clear();
    this.db.transaction(() => {
      for (const r of rows) this.accessStmt.run(r.hits, r.lastAccess, r.scope, r.key);
    })();
  }

  loadScopes(): { name: string; parent: string | null }[] {
    return this.db.prepare('SELECT scope AS name, parent FROM context_scopes ORDER BY created_at, rowid').all() as { name: string; parent: string | null }[];
  }

  /** Deletes entries expired at `now`, then returns the rest, least recently used first. */
  loadEntries(now: number): { expired: number; entries: StoredEntry[] } {
    const expired = this.db.prepare('DELETE FROM context_entries WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now).changes;
    const rows = this.db.prepare('SELECT * FROM context_entries ORDER BY last_access, rowid').all() as EntryRow[];
    return {
      expired,
      entries: rows.map((r) => ({
        scope: r.scope,
        key: r.key,
        json: r.value_json,
        size: r.size,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        hits: r.hits,
        lastAccess: r.last_access,
      })),
    };
  }
}

function id(scope: string, key: string): string {
  return `${scope}\u0000${key}`;
}
