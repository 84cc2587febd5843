import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContextManager, type ContextOptions } from '../../../electron/backend/engine/context.ts';
import { openDatabase, type Db } from '../../../electron/backend/store/db.ts';
import { GrymError } from '../../../shared/errors.ts';

function clock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return err instanceof GrymError ? err.code : String(err);
  }
}

const dirs: string[] = [];
const dbs: Db[] = [];
function tempDb(): { file: string; open: () => Db } {
  const dir = mkdtempSync(join(tmpdir(), 'grym-context-'));
  dirs.push(dir);
  const file = join(dir, 'grym.db');
  return {
    file,
    open: () => {
      const db = openDatabase(file);
      dbs.push(db);
      return db;
    },
  };
}
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ContextManager', () => {
  it('treats an expired entry as a miss and removes it', () => {
    const c = clock();
    const cm = new ContextManager(null, { now: c.now });
    const s = cm.scope('run:1');
    s.set('short', 'v', { ttlMs: 100 });
    s.set('forever', 'w');
    c.advance(99);
    expect(s.get('short')).toBe('v');
    c.advance(1);
    expect(s.has('short')).toBe(false);
    expect(s.get('short')).toBeUndefined();
    expect(s.get('forever')).toBe('w');
    expect(cm.metrics()).toMatchObject({ hits: 2, misses: 1, expirations: 1, entries: 1 });
  });

  it('applies the default TTL to entries set without one', () => {
    const c = clock();
    const cm = new ContextManager(null, { now: c.now, defaultTtlMs: 50 });
    const s = cm.scope('w');
    s.set('a', 1);
    s.set('b', 2, { ttlMs: 500 });
    c.advance(60);
    expect(s.entries().map((e) => e.key)).toEqual(['b']);
    expect(s.entries()[0]!.expiresAt).toBe(1_000_000 + 500);
    expect(cm.purgeExpired()).toBe(0);
    expect(cm.metrics().expirations).toBe(1);
  });

  it('evicts different victims under LRU and LFU', () => {
    const victimOf = (policy: 'lru' | 'lfu'): string[] => {
      const c = clock();
      const cm = new ContextManager(null, { now: c.now, policy, maxEntries: 3 });
      const s = cm.scope('run:1');
      for (const k of ['a', 'b', 'c']) s.set(k, k);
      for (const k of ['a', 'a', 'a', 'b', 'b', 'c']) {
        c.advance(1);
        s.get(k);
      }
      s.set('d', 'd');
      expect(cm.metrics().evictions).toBe(1);
      return ['a', 'b', 'c', 'd'].filter((k) => !s.has(k));
    };
    // a is used most but least recently; c is used least but most recently.
    expect(victimOf('lru')).toEqual(['a']);
    expect(victimOf('lfu')).toEqual(['c']);
  });

  it('breaks LFU ties by recency', () => {
    const cm = new ContextManager(null, { policy: 'lfu', maxEntries: 2 });
    const s = cm.scope('x');
    s.set('old', 1);
    s.set('new', 2);
    s.set('third', 3);
    expect(s.has('old')).toBe(false);
    expect(s.has('new')).toBe(true);
  });

  it('keeps total bytes under the size cap and rejects a value larger than the cap', () => {
    const cm = new ContextManager(null, { maxBytes: 100 });
    const s = cm.scope('run:1');
    const v = 'x'.repeat(28); // 30 bytes of JSON with the quotes
    for (let i = 0; i < 10; i++) {
      s.set(`k${i}`, v);
      expect(cm.metrics().bytes).toBeLessThanOrEqual(100);
    }
    expect(cm.metrics()).toMatchObject({ entries: 3, bytes: 90, evictions: 7 });
    expect(s.entries()[0]!.size).toBe(30);
    expect(s.entries().map((e) => e.key)).toEqual(['k7', 'k8', 'k9']);
    expect(codeOf(() => s.set('huge', 'y'.repeat(200)))).toBe('CONTEXT_ENTRY_TOO_LARGE');
    expect(s.get('k9')).toBe(v);
  });

  it('measures size as UTF-8 JSON bytes and keeps the entry cap', () => {
    const cm = new ContextManager(null, { maxEntries: 2 });
    const s = cm.scope('a');
    s.set('u', 'é');
    expect(s.entries()[0]!.size).toBe(4); // "é" is 2 bytes plus 2 quotes
    s.set('v', [1, 2]);
    s.set('w', { a: null });
    expect(cm.metrics().entries).toBe(2);
  });

  it('counts hits, misses and evictions exactly', () => {
    const cm = new ContextManager(null, { maxEntries: 2 });
    const s = cm.scope('s');
    s.set('a', 1);
    s.set('b', 2);
    s.get('a');
    s.get('a');
    s.get('zzz');
    s.set('c', 3); // evicts b (least recently used)
    s.get('b');
    expect(cm.metrics()).toEqual({ hits: 2, misses: 2, evictions: 1, expirations: 0, bytes: 2, entries: 2 });
  });

  it('lets a child read its parent, shadow it with its own entry and fall back after deleting', () => {
    const cm = new ContextManager(null);
    const wf = cm.scope('workflow:demo');
    const run = cm.scope('run:1', 'workflow:demo');
    expect(cm.scope('run:1')).toBe(run);
    expect(wf.child('run:1')).toBe(run);
    expect(codeOf(() => cm.scope('run:1', 'workflow:other'))).toBe('INVALID_PARAMS');
    wf.set('tempo', 120);
    wf.set('key', 'C');
    expect(run.get('tempo')).toBe(120);
    run.set('tempo', 90);
    expect(run.get('tempo')).toBe(90);
    expect(wf.get('tempo')).toBe(120);
    expect(run.entries().map((e) => e.key)).toEqual(['tempo']);
    const all = run.entries({ includeInherited: true });
    expect(all.map((e) => [e.key, e.value, e.inherited ?? false])).toEqual([
      ['tempo', 90, false],
      ['key', 'C', true],
    ]);
    expect(run.delete('tempo')).toBe(true);
    expect(run.delete('key')).toBe(false); // a child never deletes its parent's entry
    expect(run.get('tempo')).toBe(120);
    expect(run.child('node:x').get('key')).toBe('C');
  });

  it('invalidates keys matching a glob, in every scope or in one', () => {
    const cm = new ContextManager(null);
    const a = cm.scope('run:a');
    const b = cm.scope('run:b');
    for (const s of [a, b]) {
      s.set('node:n1:outputs', 1);
      s.set('node:n2:outputs', 2);
      s.set('node:n1:params', 3);
      s.set('summary', 4);
    }
    expect(cm.invalidate('node:*:outputs', 'run:a')).toBe(2);
    expect(a.has('node:n1:outputs')).toBe(false);
    expect(b.has('node:n1:outputs')).toBe(true);
    expect(cm.invalidate('node:n?:*')).toBe(4);
    expect(cm.invalidate('summary', 'run:none')).toBe(0);
    expect(b.entries().map((e) => e.key)).toEqual(['summary']);
    expect(cm.metrics().entries).toBe(2);
    expect(cm.listScopes()).toEqual([
      { name: 'run:a', parent: null, entries: 1, bytes: 1 },
      { name: 'run:b', parent: null, entries: 1, bytes: 1 },
    ]);
  });

  it('rejects values that are not JSON-serialisable', () => {
    const s = new ContextManager(null).scope('s');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [() => 1, undefined, Number.NaN, 10n, new Map(), new Date(0), cyclic, { nested: [1, Symbol('x')] }]) {
      expect(codeOf(() => s.set('k', bad))).toBe('CONTEXT_VALUE_INVALID');
    }
    expect(s.has('k')).toBe(false);
    const obj = { a: [1, { b: 'c' }] };
    s.set('k', obj);
    obj.a.push(2); // the stored value is a copy
    expect(s.get('k')).toEqual({ a: [1, { b: 'c' }] });
  });

  it('restores scopes, unexpired entries and hit counts after reopening the same SQLite file', () => {
    const c = clock();
    const t = tempDb();
    const opts: ContextOptions = { now: c.now, policy: 'lfu' };
    {
      const cm = new ContextManager(t.open(), opts);
      const wf = cm.scope('workflow:demo');
      const run = wf.child('run:1');
      wf.set('tempo', 120);
      run.set('node:a:outputs', { peaks: [0.1, 0.5] });
      run.set('temp', 'soon gone', { ttlMs: 1000 });
      run.get('node:a:outputs');
      run.get('node:a:outputs');
      cm.flush();
      dbs.pop()!.close();
    }
    c.advance(5000);
    const cm = new ContextManager(t.open(), opts);
    expect(cm.listScopes().map((s) => [s.name, s.parent])).toEqual([
      ['workflow:demo', null],
      ['run:1', 'workflow:demo'],
    ]);
    const run = cm.scope('run:1');
    expect(run.get('temp')).toBeUndefined();
    expect(run.get('tempo')).toBe(120);
    const out = run.entries().find((e) => e.key === 'node:a:outputs')!;
    expect(out.value).toEqual({ peaks: [0.1, 0.5] });
    expect(out.hits).toBe(2);
    expect(cm.metrics()).toMatchObject({ entries: 2, expirations: 1 });
    // write-through: a delete and an invalidation are on disk without a flush
    run.delete('node:a:outputs');
    cm.invalidate('tempo');
    const rows = dbs.at(-1)!.prepare('SELECT COUNT(*) AS n FROM context_entries').get() as { n: number };
    expect(rows.n).toBe(0);
  });

  it('evicts on reopen when the restored entries exceed a smaller cap', () => {
    const t = tempDb();
    {
      const cm = new ContextManager(t.open());
      const s = cm.scope('s');
      for (let i = 0; i < 5; i++) s.set(`k${i}`, i);
      dbs.pop()!.close();
    }
    const db = t.open();
    const cm = new ContextManager(db, { maxEntries: 2 });
    expect(cm.metrics()).toMatchObject({ entries: 2, evictions: 3 });
    expect((db.prepare('SELECT COUNT(*) AS n FROM context_entries').get() as { n: number }).n).toBe(2);
  });
});
