/**
 * Runs one workflow run: a node starts as soon as its own inputs are ready (no level barriers),
 * bounded by the run's concurrency and by the resource manager. A node's completion is committed
 * to SQLite (the checkpoint) before any of its dependents start; completions that finish in the
 * same tick share one transaction.
 */
import { CancelledError, GrymError, isCancellation, serializeError, type SerializedError } from '../../../shared/errors.ts';
import type { EngineEvent, NodeSummary, RunStatus, RunSummary } from '../../../shared/events.ts';
import type { RunOptions } from '../../../shared/runs.ts';
import type { Workflow } from '../../../shared/workflow/schema.ts';
import type { ContextScopeApi } from '../nodes/types.ts';
import type { ArtifactStore } from '../store/artifacts.ts';
import type { NodeCompletion, NodeStateRow, RunStore } from '../store/run-store.ts';
import { cacheKey } from './cache-key.ts';
import type { EventBus } from './event-bus.ts';
import type { NodeExecutor } from './executor.ts';
import { MaxHeap } from './heap.ts';
import { attemptPolicy, mapPolicyError, type BreakerRegistry } from './policies.ts';
import type { PlanNode } from './run-plan.ts';

export interface Lease {
  release(): void;
}
export interface ResourceGate {
  tryAcquire(needs: Record<string, number>, opts?: { priority?: number; owner?: string }): Lease | null;
  acquire(needs: Record<string, number>, opts?: { priority?: number; signal?: AbortSignal; owner?: string }): Promise<Lease>;
}

export interface SchedulerDeps {
  store: RunStore;
  artifacts: ArtifactStore;
  executor: NodeExecutor;
  resources: ResourceGate;
  breakers: BreakerRegistry;
  bus: EventBus<EngineEvent>;
  context: ContextScopeApi;
}

const TERMINAL = new Set(['completed', 'cached', 'failed', 'cancelled', 'skipped']);
const NO_LEASE: Lease = { release() {} };

export class RunExecution {
  readonly done: Promise<RunSummary>;
  private resolveDone!: (s: RunSummary) => void;
  private readonly controller = new AbortController();
  private cancelledByUser = false;
  private readonly ready = new MaxHeap<PlanNode>();
  private running = 0;
  private finished = 0;
  private failed = 0;
  private readonly total: number;
  private remainingMs = 0;
  private readonly parallelism: number;
  private writes: (() => void)[] = [];
  private completions: NodeCompletion[] = [];
  private afterCommit: (() => void)[] = [];
  private flushScheduled = false;
  private readonly values = new Map<string, unknown>();
  private readonly startedAt = Date.now();
  private lastProgressAt = 0;
  private ended = false;
  /** Rejecters of in-flight attempts, so one abort listener serves the whole run. */
  private readonly inflight = new Set<(err: unknown) => void>();

  constructor(
    readonly runId: string,
    private readonly workflow: Workflow,
    private readonly nodes: Map<string, PlanNode>,
    private readonly opts: RunOptions & { concurrency: number },
    private readonly deps: SchedulerDeps,
  ) {
    this.done = new Promise((r) => (this.resolveDone = r));
    this.controller.signal.addEventListener('abort', () => {
      for (const reject of [...this.inflight]) reject(new CancelledError());
    });
    this.total = [...nodes.values()].filter((n) => n.status !== 'skipped').length;
    this.parallelism = Math.max(1, opts.concurrency);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts the run; `previous` holds the stored node states of a resumed run. */
  start(previous?: NodeStateRow[]): Promise<RunSummary> {
    const { store } = this.deps;
    const resumed = previous !== undefined;
    if (previous) {
      for (const row of previous) {
        const n = this.nodes.get(row.node_id);
        if (!n || n.status === 'skipped') continue;
        n.attempts = row.attempts;
        if ((row.status === 'completed' || row.status === 'cached') && row.outputs_json) {
          const outputs = JSON.parse(row.outputs_json) as Record<string, string>;
          if (Object.values(outputs).every((h) => this.deps.artifacts.has(h))) {
            n.status = row.status;
            n.cached = row.cached === 1;
            n.outputs = outputs;
            n.durationMs = row.duration_ms;
          }
        }
      }
    }
    store.db.transaction(() => {
      store.setRunStatus(this.runId, 'running');
      if (resumed) store.resetUnfinished(this.runId);
      for (const n of this.nodes.values()) if (n.status === 'skipped') store.setNodeStatus(this.runId, n.id, n.status);
    })();
    for (const n of this.nodes.values()) {
      if (n.status === 'skipped') continue;
      if (TERMINAL.has(n.status)) this.finished++;
      else this.remainingMs += n.expectedMs;
    }
    this.emit({ type: 'run.started', runId: this.runId, ts: Date.now(), etaMs: this.eta(), workflowName: this.workflow.name, nodeCount: this.total, resumed });
    for (const n of this.nodes.values()) {
      if (n.status !== 'pending') continue;
      // distinct predecessors: count each producer once
      const producers = new Set(n.inputs.map((i) => i.from));
      n.waiting = [...producers].filter((p) => p.status !== 'completed' && p.status !== 'cached').length;
    }
    for (const n of this.nodes.values()) if (n.status === 'pending' && n.waiting === 0) this.markReady(n);
    this.pump();
    this.maybeFinish();
    return this.done;
  }

  cancel(): void {
    if (this.ended) return;
    this.cancelledByUser = true;
    this.controller.abort();
    this.maybeFinish();
  }

  private eta(): number {
    return Math.round(this.remainingMs / this.parallelism);
  }

  private emit(e: EngineEvent): void {
    this.deps.bus.emit(e);
  }

  private write(fn: () => void, after?: () => void): void {
    this.writes.push(fn);
    if (after) this.afterCommit.push(after);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // One transaction per event-loop turn: everything that finished in this turn commits together.
      setImmediate(() => this.flush());
    }
  }

  /** The checkpoint: commit queued writes in one transaction, then release what waited on them. */
  private flush(): void {
    this.flushScheduled = false;
    const writes = this.writes;
    const after = this.afterCommit;
    const completions = this.completions;
    this.writes = [];
    this.afterCommit = [];
    this.completions = [];
    if (writes.length || completions.length) {
      this.deps.store.db.transaction(() => {
        for (const w of writes) w();
        if (completions.length) this.deps.store.commitCompletions(completions);
      })();
    }
    for (const a of after) a();
    this.pump();
    this.maybeFinish();
  }

  private markReady(n: PlanNode): void {
    n.status = 'queued';
    this.ready.push(n, n.priority);
    this.emit({ type: 'node.queued', runId: this.runId, nodeId: n.id, nodeType: n.type, ts: Date.now(), etaMs: this.eta() });
  }

  private pump(): void {
    while (this.running < this.opts.concurrency && this.ready.size > 0 && !this.controller.signal.aborted) {
      const n = this.ready.pop()!;
      if (n.status !== 'queued') continue;
      this.running++;
      n.status = 'running';
      void this.runNode(n).finally(() => {
        this.running--;
        this.pump();
        this.maybeFinish();
      });
    }
  }

  private loadValue(hash: string): unknown {
    if (this.values.has(hash)) return this.values.get(hash);
    const v = this.deps.artifacts.getJson(hash);
    this.values.set(hash, v);
    return v;
  }

  private async runNode(n: PlanNode): Promise<void> {
    const { store, artifacts } = this.deps;
    try {
      const inputHashes: Record<string, string> = {};
      const inputs: Record<string, unknown> = {};
      for (const i of n.inputs) {
        const h = i.from.outputs?.[i.fromPort];
        if (h === undefined) continue;
        inputHashes[i.port] = h;
        inputs[i.port] = this.loadValue(h);
      }
      let key: string | null = null;
      if (n.def.cacheable) {
        const salt = n.def.cacheSalt ? await n.def.cacheSalt(n.params, this.controller.signal) : '';
        key = cacheKey(n.type, n.def.version, n.params, inputHashes, salt);
        const hit = store.cacheLookup(key);
        if (hit && Object.values(hit).every((h) => artifacts.has(h))) {
          this.complete(n, 'cached', hit, key, Date.now(), false);
          return;
        }
      }
      const owner = `${this.runId}/${n.id}`;
      const lease =
        Object.keys(n.needs).length === 0
          ? NO_LEASE
          : (this.deps.resources.tryAcquire(n.needs, { priority: n.priority, owner }) ??
            (await this.deps.resources.acquire(n.needs, { priority: n.priority, signal: this.controller.signal, owner })));
      let result: Record<string, unknown>;
      const started = Date.now();
      n.startedAt = started;
      try {
        result = await this.attempts(n, inputs);
      } finally {
        lease.release();
      }
      const outputs: Record<string, string> = {};
      for (const p of n.def.outputs) {
        if (!(p.name in result)) continue;
        const v = result[p.name];
        const h = artifacts.putJson(v === undefined ? null : v);
        this.values.set(h, v);
        outputs[p.name] = h;
      }
      this.complete(n, 'completed', outputs, key, started, n.def.cacheable);
    } catch (err) {
      this.fail(n, err);
    }
  }

  /** Settles when the attempt does, or rejects at once when the run or the attempt is aborted. */
  private raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(new CancelledError());
    const own = signal !== this.controller.signal;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new CancelledError());
      this.inflight.add(reject);
      if (own) signal.addEventListener('abort', onAbort, { once: true });
      p.then(
        (v) => {
          this.inflight.delete(reject);
          if (own) signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          this.inflight.delete(reject);
          if (own) signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  private async attempts(n: PlanNode, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { store, executor } = this.deps;
    let open = 0; // the attempt whose end is not recorded yet
    let openedAt = 0;
    const closeAttempt = (status: 'failed' | 'timeout' | 'cancelled', err: unknown) => {
      if (open === 0) return;
      const a = open;
      const at = openedAt;
      open = 0;
      const e = serializeError(err, n.id);
      this.write(() => store.recordAttempt(this.runId, n.id, a, at, status, e));
    };
    let lastFraction = 0;
    const once = (signal: AbortSignal): Promise<Record<string, unknown>> => {
      const attempt = ++n.attempts;
      open = attempt;
      const now = Date.now();
      openedAt = now;
      n.attemptStartedAt = now;
      this.emit({ type: 'node.started', runId: this.runId, nodeId: n.id, nodeType: n.type, ts: now, etaMs: this.eta(), attempt });
      const p = executor.execute(
        { runId: this.runId, nodeId: n.id, nodeType: n.type, params: n.params, inputs, attempt },
        {
          signal,
          context: this.deps.context,
          workflow: this.workflow,
          progress: (fraction, message) => {
            lastFraction = Number.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : lastFraction;
            const e: EngineEvent = { type: 'node.progress', runId: this.runId, nodeId: n.id, nodeType: n.type, ts: Date.now(), etaMs: this.eta(), fraction: lastFraction };
            if (message !== undefined) e.message = message;
            this.emit(e);
          },
          // a log line is a progress event that carries a message and leaves the fraction where it was
          log: (message) => this.emit({ type: 'node.progress', runId: this.runId, nodeId: n.id, nodeType: n.type, ts: Date.now(), etaMs: this.eta(), fraction: lastFraction, message }),
        },
      );
      return this.raceAbort(p, signal).then(
        (v) => v,
        (err: unknown) => {
          closeAttempt(isCancellation(err) ? 'cancelled' : 'failed', err);
          throw err;
        },
      );
    };
    const policy = attemptPolicy(
      {
        nodeId: n.id,
        retries: n.retries,
        initialDelayMs: n.initialDelayMs,
        maxDelayMs: n.maxDelayMs,
        timeoutMs: n.timeoutMs,
        breakerKey: n.breakerKey,
        runSignal: this.controller.signal,
        onRetry: (attempt, delayMs, error) => {
          const mapped = mapPolicyError(error, n.id, n.timeoutMs, false);
          closeAttempt(isTimeout(mapped) ? 'timeout' : 'failed', mapped);
          this.emit({ type: 'node.retrying', runId: this.runId, nodeId: n.id, nodeType: n.type, ts: Date.now(), etaMs: this.eta(), attempt: attempt + 1, delayMs: delayMs, error: serializeError(mapped, n.id) });
        },
      },
      this.deps.breakers,
    );
    try {
      if (!policy) return await once(this.controller.signal);
      return (await policy.execute(({ signal }: { signal: AbortSignal }) => once(signal), this.controller.signal)) as Record<string, unknown>;
    } catch (err) {
      const mapped = mapPolicyError(err, n.id, n.timeoutMs, this.controller.signal.aborted);
      closeAttempt(isTimeout(mapped) ? 'timeout' : isCancellation(mapped) ? 'cancelled' : 'failed', mapped);
      throw mapped;
    }
  }

  private complete(n: PlanNode, status: 'completed' | 'cached', outputs: Record<string, string>, key: string | null, startedAt: number, insertCache: boolean): void {
    const finishedAt = Date.now();
    const durationMs = status === 'cached' ? 0 : finishedAt - startedAt;
    n.outputs = outputs;
    n.cached = status === 'cached';
    n.durationMs = durationMs;
    const c = {
      runId: this.runId,
      nodeId: n.id,
      status,
      attempts: n.attempts,
      cacheKey: key,
      startedAt,
      attemptStartedAt: n.attemptStartedAt || startedAt,
      finishedAt,
      durationMs,
      outputs,
      ...(insertCache && key ? { cacheInsert: { key, nodeType: n.type } } : {}),
      ...(status === 'completed' ? { durationSample: { nodeType: n.type, ms: durationMs } } : {}),
    };
    this.completions.push(c);
    if (status === 'cached') {
      // A cache hit is durable already (cache index + artifacts): if we crash before this batch commits,
      // resume simply hits the cache again. So its dependents need not wait for the checkpoint.
      this.write(() => {
        if (Object.keys(outputs).length > 0) this.deps.context.set(`node:${n.id}:outputs`, outputs);
      });
      this.afterComplete(n, status, outputs, key, durationMs);
      return;
    }
    this.write(
      () => {
        if (Object.keys(outputs).length > 0) this.deps.context.set(`node:${n.id}:outputs`, outputs);
      },
      () => this.afterComplete(n, status, outputs, key, durationMs),
    );
  }

  private afterComplete(n: PlanNode, status: 'completed' | 'cached', outputs: Record<string, string>, key: string | null, durationMs: number): void {
    n.status = status;
    this.finished++;
    this.remainingMs = Math.max(0, this.remainingMs - n.expectedMs);
    const ts = Date.now();
    const etaMs = this.eta();
    if (status === 'cached') this.emit({ type: 'node.cached', runId: this.runId, nodeId: n.id, nodeType: n.type, ts, etaMs, cacheKey: key ?? '', outputs });
    else this.emit({ type: 'node.completed', runId: this.runId, nodeId: n.id, nodeType: n.type, ts, etaMs, attempt: n.attempts, durationMs, outputs });
    this.progress();
    for (const s of n.succ) {
      if (s.status !== 'pending') continue;
      s.waiting--;
      if (s.waiting === 0) this.markReady(s);
    }
  }

  private progress(): void {
    const now = Date.now();
    if (now - this.lastProgressAt < 100 && this.finished < this.total) return;
    this.lastProgressAt = now;
    this.emit({ type: 'run.progress', runId: this.runId, ts: now, etaMs: this.eta(), done: this.finished, total: this.total, fraction: this.total ? this.finished / this.total : 1 });
  }

  private fail(n: PlanNode, err: unknown): void {
    const { store } = this.deps;
    const aborted = this.controller.signal.aborted;
    if (aborted && (isCancellation(err) || this.cancelledByUser)) {
      this.markCancelled(n);
      return;
    }
    const e = serializeError(err, n.id);
    n.status = 'failed';
    n.error = { code: e.code, message: e.message };
    this.failed++;
    this.finished++;
    this.remainingMs = Math.max(0, this.remainingMs - n.expectedMs);
    this.write(() => store.failNode(this.runId, n.id, 'failed', n.attempts, e));
    this.emit({ type: 'node.failed', runId: this.runId, nodeId: n.id, nodeType: n.type, ts: Date.now(), etaMs: this.eta(), attempt: n.attempts, error: e });
    this.failDescendants(n);
    this.progress();
    if (this.opts.failFast) this.controller.abort(new GrymError('NODE_FAILED', `fail-fast: ${n.id} failed`));
  }

  private failDescendants(root: PlanNode): void {
    const stack = [...root.succ];
    while (stack.length) {
      const d = stack.pop()!;
      if (d.status !== 'pending' && d.status !== 'queued') continue;
      const e: SerializedError = { code: 'UPSTREAM_FAILED', message: `not run: upstream node "${root.id}" failed`, nodeId: d.id };
      d.status = 'failed';
      d.error = { code: e.code, message: e.message };
      this.failed++;
      this.finished++;
      this.remainingMs = Math.max(0, this.remainingMs - d.expectedMs);
      this.write(() => this.deps.store.failNode(this.runId, d.id, 'failed', d.attempts, e));
      this.emit({ type: 'node.failed', runId: this.runId, nodeId: d.id, nodeType: d.type, ts: Date.now(), etaMs: this.eta(), attempt: d.attempts, error: e });
      stack.push(...d.succ);
    }
  }

  private markCancelled(n: PlanNode): void {
    n.status = 'cancelled';
    this.write(() => this.deps.store.failNode(this.runId, n.id, 'cancelled', n.attempts));
    this.emit({ type: 'node.cancelled', runId: this.runId, nodeId: n.id, nodeType: n.type, ts: Date.now(), etaMs: null });
  }

  private maybeFinish(): void {
    if (this.ended || this.running > 0 || this.flushScheduled) return;
    const aborted = this.controller.signal.aborted;
    if (!aborted && this.ready.size > 0) return;
    if (aborted) {
      for (const n of this.nodes.values()) if (n.status === 'pending' || n.status === 'queued') this.markCancelled(n);
      if (this.flushScheduled) return; // the cancellations commit first; flush() calls back here
    }
    this.ended = true;
    const status: RunStatus = this.cancelledByUser ? 'cancelled' : this.failed > 0 ? 'failed' : 'succeeded';
    const durationMs = Date.now() - this.startedAt;
    this.deps.store.setRunStatus(this.runId, status);
    const base = { runId: this.runId, ts: Date.now(), etaMs: 0 };
    if (status === 'succeeded') this.emit({ ...base, type: 'run.completed', durationMs });
    else if (status === 'cancelled') this.emit({ ...base, type: 'run.cancelled', durationMs });
    else this.emit({ ...base, type: 'run.failed', durationMs, failedNodes: [...this.nodes.values()].filter((n) => n.status === 'failed').map((n) => n.id) });
    this.resolveDone(this.summary(status));
  }

  summary(status: RunStatus): RunSummary {
    const nodes: Record<string, NodeSummary> = {};
    for (const n of this.nodes.values()) {
      const s: NodeSummary = { status: n.status, attempts: n.attempts, cached: n.cached, durationMs: n.durationMs };
      if (n.error) s.error = n.error;
      nodes[n.id] = s;
    }
    return { type: 'run.summary', runId: this.runId, status, nodes };
  }
}

function isTimeout(err: unknown): boolean {
  return err instanceof GrymError && err.code === 'NODE_TIMEOUT';
}
