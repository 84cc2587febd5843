/**
 * The engine facade that the Electron main process, `grym serve` and the CLI all host.
 * Plain Node: it never imports electron.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { GrymError } from '../../../shared/errors.ts';
import type { EngineEvent, RunSummary } from '../../../shared/events.ts';
import type { RunDetail, RunOptions, RunRecord } from '../../../shared/runs.ts';
import type { Workflow } from '../../../shared/workflow/schema.ts';
import { createDefaultRegistry } from '../nodes/index.ts';
import type { NodeRegistry } from '../nodes/registry.ts';
import { ArtifactStore } from '../store/artifacts.ts';
import { openDatabase, type Db } from '../store/db.ts';
import { RunStore } from '../store/run-store.ts';
import { ContextManager } from './context.ts';
import { EventBus } from './event-bus.ts';
import { InProcessExecutor, type NodeExecutor } from './executor.ts';
import { parseFaults } from './faults.ts';
import { BreakerRegistry } from './policies.ts';
import { ResourceManager, type ResourceCapacities } from './resources.ts';
import { buildPlan, expectedDuration, type PlanHints } from './run-plan.ts';
import { RunExecution } from './scheduler.ts';
import { validateWorkflow, type ValidateOptions, type ValidationResult } from './validate.ts';

export interface EngineOptions {
  dataDir: string;
  registry?: NodeRegistry;
  /** Default concurrency of runs (default: core count). */
  concurrency?: number;
  resources?: ResourceCapacities;
  /** Where nodes execute (default: in this process). */
  executor?: NodeExecutor;
  /** Fault-injection spec (default: the GRYM_FAULTS environment variable). */
  faults?: string;
}

export interface RunHandle {
  runId: string;
  done: Promise<RunSummary>;
  cancel(): void;
}

function pidAlive(pid: number | null): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class Engine {
  readonly registry: NodeRegistry;
  readonly db: Db;
  readonly artifacts: ArtifactStore;
  readonly store: RunStore;
  readonly context: ContextManager;
  readonly resources: ResourceManager;
  readonly breakers = new BreakerRegistry();
  private readonly bus = new EventBus<EngineEvent>();
  private readonly executor: NodeExecutor;
  private readonly active = new Map<string, RunExecution>();
  private readonly concurrency: number;
  private closed = false;

  private constructor(readonly dataDir: string, opts: EngineOptions) {
    this.registry = opts.registry ?? createDefaultRegistry();
    this.db = openDatabase(join(dataDir, 'grym.db'));
    this.artifacts = new ArtifactStore(join(dataDir, 'artifacts'));
    this.store = new RunStore(this.db);
    this.context = new ContextManager(this.db);
    this.resources = new ResourceManager(opts.resources);
    this.concurrency = opts.concurrency ?? availableParallelism();
    this.executor = opts.executor ?? new InProcessExecutor(this.registry, this.artifacts, dataDir, parseFaults(opts.faults ?? process.env.GRYM_FAULTS), this.resources);
  }

  static open(opts: EngineOptions): Engine {
    return new Engine(opts.dataDir, opts);
  }

  on(listener: (e: EngineEvent) => void): () => void {
    return this.bus.on(listener);
  }

  /** Estimated duration of one node of a type, from this machine's history or the type's guess. */
  readonly estimate = (nodeType: string, params: Record<string, unknown>): number => {
    const def = this.registry.get(nodeType);
    let parsed: unknown = params;
    if (def) {
      const r = def.params.safeParse(params);
      if (r.success) parsed = r.data;
    }
    return expectedDuration(def, parsed, this.store.durations(), nodeType);
  };

  validate(raw: unknown, opts: ValidateOptions = {}): ValidationResult {
    const history = this.store.durations();
    return validateWorkflow(
      raw,
      this.registry,
      (type, params) => {
        const def = this.registry.get(type);
        const r = def?.params.safeParse(params);
        return expectedDuration(def, r?.success ? r.data : params, history, type);
      },
      opts,
    );
  }

  start(raw: unknown, opts: RunOptions = {}): RunHandle {
    const v = this.validate(raw, { analysis: false });
    if (!v.ok || !v.workflow) {
      throw new GrymError('WORKFLOW_INVALID', `workflow is invalid: ${v.errors.map((e) => `${e.code} ${e.message}`).join('; ')}`, { details: v.errors });
    }
    const runId = `${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`;
    this.store.createRun(runId, v.workflow, opts);
    return this.launch(runId, v.workflow, opts, false, { ...(v.parsedParams ? { parsedParams: v.parsedParams } : {}), ...(v.dag ? { dag: v.dag } : {}) });
  }

  /** Finishes an interrupted (or cancelled) run; nothing that completed is recomputed. */
  resume(runId: string, opts: RunOptions = {}): RunHandle {
    return this.continueRun(runId, opts, ['running', 'interrupted', 'cancelled', 'pending', 'failed']);
  }

  /** Re-runs a failed run's failed nodes (and what they feed). */
  retry(runId: string, opts: RunOptions = {}): RunHandle {
    return this.continueRun(runId, opts, ['failed', 'cancelled', 'interrupted']);
  }

  private continueRun(runId: string, opts: RunOptions, allowed: string[]): RunHandle {
    const rec = this.getRunRecordLive(runId);
    if (!rec) throw new GrymError('RUN_NOT_FOUND', `no run ${runId}`);
    if (this.active.has(runId) || (rec.status === 'running' && !allowed.includes('running'))) {
      throw new GrymError('RUN_NOT_RESUMABLE', `run ${runId} is still running`);
    }
    if (!allowed.includes(rec.status)) throw new GrymError('RUN_NOT_RESUMABLE', `run ${runId} is ${rec.status}; nothing to ${allowed.includes('running') ? 'resume' : 'retry'}`);
    const stored = this.store.getWorkflow(runId)!;
    const merged: RunOptions = { ...stored.options, ...opts };
    return this.launch(runId, stored.workflow, merged, true);
  }

  private launch(runId: string, wf: Workflow, opts: RunOptions, resumed = false, hints: PlanHints = {}): RunHandle {
    if (this.closed) throw new GrymError('INTERNAL', 'engine is closed');
    const plan = buildPlan(wf, this.registry, this.store.durations(), opts.targetNodeIds, hints);
    const runScope = this.context.scope(`run:${runId}`, this.context.scope(`workflow:${wf.name}`).name);
    const exec = new RunExecution(runId, wf, plan, { ...opts, concurrency: opts.concurrency ?? this.concurrency }, {
      store: this.store,
      artifacts: this.artifacts,
      executor: this.executor,
      resources: this.resources,
      breakers: this.breakers,
      bus: this.bus,
      context: runScope,
    });
    this.active.set(runId, exec);
    const done = exec.start(resumed ? this.store.nodeRows(runId) : undefined).finally(() => this.active.delete(runId));
    return { runId, done, cancel: () => exec.cancel() };
  }

  cancel(runId: string): boolean {
    const exec = this.active.get(runId);
    if (!exec) return false;
    exec.cancel();
    return true;
  }

  /** A run whose process died (kill -9, a crash) shows as `interrupted`. */
  private getRunRecordLive(runId: string): RunRecord | undefined {
    const rec = this.store.getRunRecord(runId);
    return rec ? this.live(rec) : undefined;
  }

  private live(rec: RunRecord): RunRecord {
    if (rec.status !== 'running' || this.active.has(rec.id)) return rec;
    const pid = (this.db.prepare('SELECT pid FROM runs WHERE id = ?').get(rec.id) as { pid: number | null } | undefined)?.pid ?? null;
    if (pid !== process.pid && pidAlive(pid)) return rec;
    return { ...rec, status: 'interrupted' };
  }

  listRuns(limit = 100): RunRecord[] {
    return this.store.listRuns(limit).map((r) => this.live(r));
  }

  getRun(runId: string): RunDetail | undefined {
    const d = this.store.getRun(runId);
    return d ? { ...d, status: this.live(d).status } : undefined;
  }

  activeRuns(): string[] {
    return [...this.active.keys()];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const e of this.active.values()) e.cancel();
    this.executor.dispose();
    this.resources.dispose();
    this.bus.clear();
    this.db.close();
  }
}
