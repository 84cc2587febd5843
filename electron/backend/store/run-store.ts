/**
 * Durable run state in SQLite: runs, node states, attempts, the output cache and duration history.
 * All statements are prepared once; node completions are committed in one transaction per batch.
 */
import type { SerializedError } from '../../../shared/errors.ts';
import type { NodeStatus, RunStatus } from '../../../shared/events.ts';
import type { NodeDetail, RunDetail, RunOptions, RunRecord } from '../../../shared/runs.ts';
import type { Workflow } from '../../../shared/workflow/schema.ts';
import type { Db } from './db.ts';

export interface NodeStateRow {
  node_id: string;
  node_type: string;
  status: NodeStatus;
  attempts: number;
  cached: number;
  cache_key: string | null;
  started_at: number | null;
  finished_at: number | null;
  duration_ms: number | null;
  outputs_json: string | null;
  error_json: string | null;
}

interface RunRow {
  id: string;
  workflow_name: string;
  workflow_json: string;
  status: RunStatus;
  options_json: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  pid: number | null;
  node_count: number;
  failed_count: number;
}

export interface NodeCompletion {
  runId: string;
  nodeId: string;
  status: 'completed' | 'cached';
  attempts: number;
  cacheKey: string | null;
  startedAt: number;
  /** When the successful attempt began (retries make it later than startedAt). */
  attemptStartedAt?: number;
  finishedAt: number;
  durationMs: number;
  outputs: Record<string, string>;
  /** Store the outputs under this cache key (a fresh, cacheable result). */
  cacheInsert?: { key: string; nodeType: string };
  /** Learn this node type's duration. */
  durationSample?: { nodeType: string; ms: number };
}

export class RunStore {
  private readonly s;

  constructor(readonly db: Db) {
    this.s = {
      insertRun: db.prepare(`INSERT INTO runs (id, workflow_name, workflow_json, status, options_json, created_at, pid) VALUES (?, ?, ?, 'pending', ?, ?, ?)`),
      insertNodes: db.prepare(`INSERT INTO node_states (run_id, node_id, node_type, status)
        SELECT ?, json_extract(value, '$.id'), json_extract(value, '$.type'), 'pending' FROM json_each(?)`),
      runStatus: db.prepare(`UPDATE runs SET status = ?, started_at = COALESCE(started_at, ?), finished_at = ?, pid = ?, error_json = ? WHERE id = ?`),
      resetUnfinished: db.prepare(`UPDATE node_states SET status = 'pending' WHERE run_id = ? AND status NOT IN ('completed', 'cached')`),
      nodeStatus: db.prepare(`UPDATE node_states SET status = ? WHERE run_id = ? AND node_id = ?`),
      nodeDone: db.prepare(`UPDATE node_states SET status = ?, attempts = ?, cached = ?, cache_key = ?, started_at = ?, finished_at = ?, duration_ms = ?, outputs_json = ?, error_json = NULL WHERE run_id = ? AND node_id = ?`),
      nodeFail: db.prepare(`UPDATE node_states SET status = ?, attempts = ?, finished_at = ?, error_json = ? WHERE run_id = ? AND node_id = ?`),
      attemptPut: db.prepare(`INSERT OR REPLACE INTO attempts (run_id, node_id, attempt, started_at, finished_at, status, error_json) VALUES (?, ?, ?, ?, ?, ?, ?)`),
      cacheGet: db.prepare(`SELECT outputs_json FROM cache WHERE key = ?`),
      cacheHit: db.prepare(`UPDATE cache SET hits = hits + 1 WHERE key = ?`),
      cachePut: db.prepare(`INSERT OR REPLACE INTO cache (key, node_type, outputs_json, created_at) VALUES (?, ?, ?, ?)`),
      durGet: db.prepare(`SELECT node_type, mean_ms, samples FROM durations`),
      durPut: db.prepare(`INSERT INTO durations (node_type, mean_ms, samples) VALUES (?, ?, 1)
        ON CONFLICT(node_type) DO UPDATE SET mean_ms = mean_ms + (excluded.mean_ms - mean_ms) / MIN(samples + 1, 20), samples = samples + 1`),
      getRun: db.prepare(`SELECT r.*, (SELECT COUNT(*) FROM node_states n WHERE n.run_id = r.id) AS node_count,
        (SELECT COUNT(*) FROM node_states n WHERE n.run_id = r.id AND n.status = 'failed') AS failed_count FROM runs r WHERE r.id = ?`),
      listRuns: db.prepare(`SELECT r.*, (SELECT COUNT(*) FROM node_states n WHERE n.run_id = r.id) AS node_count,
        (SELECT COUNT(*) FROM node_states n WHERE n.run_id = r.id AND n.status = 'failed') AS failed_count FROM runs r ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`),
      nodes: db.prepare(`SELECT node_id, node_type, status, attempts, cached, cache_key, started_at, finished_at, duration_ms, outputs_json, error_json FROM node_states WHERE run_id = ?`),
      attemptsOf: db.prepare(`SELECT node_id, attempt, status FROM attempts WHERE run_id = ? ORDER BY node_id, attempt`),
      cacheStats: db.prepare(`SELECT COUNT(*) AS entries, COALESCE(SUM(hits), 0) AS hits FROM cache`),
    };
  }

  createRun(id: string, wf: Workflow, options: RunOptions, now = Date.now()): void {
    this.db.transaction(() => {
      this.s.insertRun.run(id, wf.name, JSON.stringify(wf), JSON.stringify(options), now, process.pid);
      this.s.insertNodes.run(id, JSON.stringify(wf.nodes.map((n) => ({ id: n.id, type: n.type }))));
    })();
  }

  setRunStatus(id: string, status: RunStatus, opts: { error?: SerializedError; now?: number } = {}): void {
    const now = opts.now ?? Date.now();
    const finished = status === 'running' || status === 'pending' ? null : now;
    this.s.runStatus.run(status, now, finished, status === 'running' ? process.pid : null, opts.error ? JSON.stringify(opts.error) : null, id);
  }

  /** On resume: every node that had not completed goes back to pending. */
  resetUnfinished(runId: string): void {
    this.s.resetUnfinished.run(runId);
  }

  setNodeStatus(runId: string, nodeId: string, status: NodeStatus): void {
    this.s.nodeStatus.run(status, runId, nodeId);
  }

  /** Records one finished attempt (its start, end, outcome and error). */
  recordAttempt(runId: string, nodeId: string, attempt: number, startedAt: number, status: 'completed' | 'failed' | 'cancelled' | 'timeout', error?: SerializedError, now = Date.now()): void {
    this.s.attemptPut.run(runId, nodeId, attempt, startedAt, now, status, error ? JSON.stringify(error) : null);
  }

  /** Commits a batch of node completions in one transaction (the checkpoint). */
  readonly commitCompletions = (batch: NodeCompletion[]): void => {
    this.db.transaction(() => {
      for (const c of batch) {
        const outputs = JSON.stringify(c.outputs);
        this.s.nodeDone.run(c.status, c.attempts, c.status === 'cached' ? 1 : 0, c.cacheKey, c.startedAt, c.finishedAt, c.durationMs, outputs, c.runId, c.nodeId);
        if (c.status === 'completed') this.s.attemptPut.run(c.runId, c.nodeId, c.attempts, c.attemptStartedAt ?? c.startedAt, c.finishedAt, 'completed', null);
        if (c.cacheInsert) this.s.cachePut.run(c.cacheInsert.key, c.cacheInsert.nodeType, outputs, c.finishedAt);
        if (c.status === 'cached' && c.cacheKey) this.s.cacheHit.run(c.cacheKey);
      }
      // one duration sample per node type and batch: the batch's mean
      const samples = new Map<string, { sum: number; n: number }>();
      for (const c of batch) {
        if (!c.durationSample) continue;
        const a = samples.get(c.durationSample.nodeType) ?? { sum: 0, n: 0 };
        a.sum += c.durationSample.ms;
        a.n++;
        samples.set(c.durationSample.nodeType, a);
      }
      for (const [type, a] of samples) this.s.durPut.run(type, a.sum / a.n);
    })();
  };

  failNode(runId: string, nodeId: string, status: 'failed' | 'cancelled' | 'skipped', attempts: number, error?: SerializedError, now = Date.now()): void {
    this.s.nodeFail.run(status, attempts, now, error ? JSON.stringify(error) : null, runId, nodeId);
  }

  cacheLookup(key: string): Record<string, string> | undefined {
    const row = this.s.cacheGet.get(key) as { outputs_json: string } | undefined;
    return row ? (JSON.parse(row.outputs_json) as Record<string, string>) : undefined;
  }

  cacheStats(): { entries: number; hits: number } {
    return this.s.cacheStats.get() as { entries: number; hits: number };
  }

  durations(): Map<string, number> {
    const rows = this.s.durGet.all() as { node_type: string; mean_ms: number }[];
    return new Map(rows.map((r) => [r.node_type, r.mean_ms]));
  }

  nodeRows(runId: string): NodeStateRow[] {
    return this.s.nodes.all(runId) as NodeStateRow[];
  }

  attempts(runId: string): { node_id: string; attempt: number; status: string }[] {
    return this.s.attemptsOf.all(runId) as { node_id: string; attempt: number; status: string }[];
  }

  getRunRecord(id: string): RunRecord | undefined {
    const row = this.s.getRun.get(id) as RunRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  getWorkflow(id: string): { workflow: Workflow; options: RunOptions } | undefined {
    const row = this.s.getRun.get(id) as RunRow | undefined;
    return row ? { workflow: JSON.parse(row.workflow_json) as Workflow, options: JSON.parse(row.options_json) as RunOptions } : undefined;
  }

  listRuns(limit = 100): RunRecord[] {
    return (this.s.listRuns.all(limit) as RunRow[]).map(toRecord);
  }

  getRun(id: string): RunDetail | undefined {
    const row = this.s.getRun.get(id) as RunRow | undefined;
    if (!row) return undefined;
    const nodes: Record<string, NodeDetail> = {};
    for (const n of this.nodeRows(id)) nodes[n.node_id] = toNodeDetail(n);
    return { ...toRecord(row), workflow: JSON.parse(row.workflow_json) as Workflow, options: JSON.parse(row.options_json) as RunOptions, nodes };
  }
}

function toRecord(r: RunRow): RunRecord {
  return {
    id: r.id,
    workflowName: r.workflow_name,
    status: r.status,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    nodeCount: r.node_count,
    failedCount: r.failed_count,
  };
}

export function toNodeDetail(n: NodeStateRow): NodeDetail {
  const d: NodeDetail = {
    nodeType: n.node_type,
    status: n.status,
    attempts: n.attempts,
    cached: n.cached === 1,
    durationMs: n.duration_ms,
    startedAt: n.started_at,
    finishedAt: n.finished_at,
  };
  if (n.outputs_json) d.outputs = JSON.parse(n.outputs_json) as Record<string, string>;
  if (n.error_json) {
    const e = JSON.parse(n.error_json) as SerializedError;
    d.error = { code: e.code, message: e.message };
  }
  return d;
}
