/**
 * Numbered migrations. Each runs once, in order, inside a transaction, and bumps `user_version`.
 * Never edit a migration that has shipped: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'runs, node states, attempts, cache, durations',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        workflow_name TEXT NOT NULL,
        workflow_json TEXT NOT NULL,
        status TEXT NOT NULL,
        options_json TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        pid INTEGER,
        error_json TEXT
      );
      CREATE INDEX runs_created ON runs(created_at);
      CREATE TABLE node_states (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        node_id TEXT NOT NULL,
        node_type TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        cached INTEGER NOT NULL DEFAULT 0,
        cache_key TEXT,
        started_at INTEGER,
        finished_at INTEGER,
        duration_ms REAL,
        outputs_json TEXT,
        error_json TEXT,
        PRIMARY KEY (run_id, node_id)
      );
      CREATE TABLE attempts (
        run_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        status TEXT NOT NULL,
        error_json TEXT,
        PRIMARY KEY (run_id, node_id, attempt)
      );
      CREATE TABLE cache (
        key TEXT PRIMARY KEY,
        node_type TEXT NOT NULL,
        outputs_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        hits INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE durations (
        node_type TEXT PRIMARY KEY,
        mean_ms REAL NOT NULL,
        samples INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'context entries',
    sql: `
      CREATE TABLE context_entries (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        value_json TEXT NOT NULL,
        size INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        hits INTEGER NOT NULL DEFAULT 0,
        last_access INTEGER NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX context_entries_expires ON context_entries(expires_at) WHERE expires_at IS NOT NULL;
      CREATE TABLE context_scopes (
        scope TEXT PRIMARY KEY,
        parent TEXT,
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'saved workflows and the asset index',
    sql: `
      CREATE TABLE workflows (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE assets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        hash TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mime TEXT,
        meta_json TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX assets_hash ON assets(hash);
    `,
  },
];
