/** Opens the grym SQLite database: WAL mode, foreign keys, and numbered migrations. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations as defaultMigrations, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

export function openDatabase(file: string, migrations: Migration[] = defaultMigrations): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration above the database's `user_version`, each in its own transaction. */
export function migrate(db: Db, migrations: Migration[] = defaultMigrations, target = Infinity): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1..n without gaps (found ${m.version} at ${i + 1})`);
  });
  let current = schemaVersion(db);
  for (const m of sorted) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    current = m.version;
  }
  return current;
}
