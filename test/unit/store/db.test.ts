import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../electron/backend/store/db.ts';
import { migrations } from '../../../electron/backend/store/migrations/index.ts';
import { ArtifactStore } from '../../../electron/backend/store/artifacts.ts';
import { tempDir } from '../engine/helpers.ts';
import Database from 'better-sqlite3';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir('grym-store-')));
afterEach(() => tmp.cleanup());

const tables = (db: Database.Database) => (db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('database', () => {
  it('opens in WAL mode with every migration applied', () => {
    const db = openDatabase(join(tmp.dir, 'g.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(tables(db)).toEqual(expect.arrayContaining(['runs', 'node_states', 'attempts', 'cache', 'durations']));
    db.close();
  });

  for (const m of migrations.slice(1)) {
    it(`migrates a real database from ${m.version - 1} to ${m.version} (${m.name}), keeping its rows`, () => {
      const file = join(tmp.dir, `m${m.version}.db`);
      const db = new Database(file);
      migrate(db, migrations, m.version - 1);
      expect(schemaVersion(db)).toBe(m.version - 1);
      db.prepare(`INSERT INTO runs (id, workflow_name, workflow_json, status, created_at) VALUES ('r1', 'w', '{}', 'succeeded', 1)`).run();
      const before = tables(db);
      migrate(db, migrations, m.version);
      expect(schemaVersion(db)).toBe(m.version);
      expect(tables(db).length).toBeGreaterThan(before.length - 1);
      expect(db.prepare('SELECT id FROM runs').all()).toEqual([{ id: 'r1' }]);
      db.close();
    });
  }

  it('is idempotent: reopening applies nothing twice', () => {
    const file = join(tmp.dir, 'again.db');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
  });

  it('refuses migrations with gaps in their numbering', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ version: 1, name: 'a', sql: 'CREATE TABLE a(x)' }, { version: 3, name: 'c', sql: 'CREATE TABLE c(x)' }])).toThrow(/without gaps/);
  });
});

describe('artifact store', () => {
  it('addresses content by sha256, dedupes, and reads it back', () => {
    const s = new ArtifactStore(join(tmp.dir, 'a'));
    const h1 = s.putJson({ b: 1, a: [1, 2] });
    const h2 = s.putJson({ a: [1, 2], b: 1 });
    expect(h1).toBe(h2);
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(s.getJson(h1)).toEqual({ a: [1, 2], b: 1 });
    const hb = s.putBytes(new Uint8Array([1, 2, 3]));
    expect([...s.getBytes(hb)]).toEqual([1, 2, 3]);
    expect(existsSync(s.pathOf(hb))).toBe(true);
  });

  it('leaves no temp files behind and reports a missing artifact with ARTIFACT_MISSING', () => {
    const s = new ArtifactStore(join(tmp.dir, 'b'));
    const h = s.putBytes(new Uint8Array(1000));
    expect(readdirSync(join(tmp.dir, 'b', h.slice(0, 2))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(() => s.getBytes('0'.repeat(64))).toThrow(expect.objectContaining({ code: 'ARTIFACT_MISSING' }));
    expect(() => s.getBytes('../../etc/passwd')).toThrow(expect.objectContaining({ code: 'ARTIFACT_MISSING' }));
  });
});
