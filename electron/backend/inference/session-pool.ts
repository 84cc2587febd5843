/**
 * ONNX Runtime session pool, keyed by model id and execution provider.
 *
 * - A loaded session holds the model's memory budget (`memoryMb`) in the resource manager until it
 *   is unloaded; each run holds a `cpu` (or `gpu`) slot only while it runs, so one model cannot
 *   starve a workflow run, and two runs share one loaded session.
 * - Runs queue per session (at most `concurrency` at once); a queued run whose signal aborts leaves
 *   the queue at once and never reaches ONNX Runtime.
 * - A session is warmed up after loading and unloaded after `idleMs` without use.
 * - Each model has a cockatiel circuit breaker: consecutive load/inference failures open it (runs
 *   fail fast with CIRCUIT_OPEN), and after `halfOpenAfterMs` the next run probes it.
 * - `dispose()` releases every session, lease and timer; calling it twice is safe.
 */
import type * as ort from 'onnxruntime-node';
import { CancelledError, GrymError, isCancellation, serializeError } from '../../../shared/errors.ts';
import type { BreakerState, HealthBoard } from './health.ts';
import { ModelBreakers } from './model-breakers.ts';
import { chooseProvider, detectProviders, type ProviderStatus } from './providers.ts';
import type { ExecutionProvider } from './registry-schema.ts';
import { createSessionHost, type Feeds, type Outputs, type SessionHost, type SessionIsolation } from './session-host.ts';
import { UnlimitedResources, type ResourceAcquirer, type ResourceLease } from './resources.ts';

export type { Feeds, Outputs } from './session-host.ts';

export interface ModelSpec {
  id: string;
  path: string;
  supported: readonly ExecutionProvider[];
  memoryMb: number;
  /** Overrides the pool's isolation for this model. */
  isolation?: SessionIsolation;
  /** Feeds for one warm-up run after loading. */
  warmup?: () => Feeds;
}

export interface SessionPoolOptions {
  resources?: ResourceAcquirer;
  health?: HealthBoard;
  /** Unload a session unused for this long (default 60 s). */
  idleMs?: number;
  /** ONNX Runtime intra-op threads per session (default 1: one core). */
  threads?: number;
  /** Runs at once per session (default 1). */
  concurrency?: number;
  /** `auto` prefers CUDA where the model supports it and it is present. */
  provider?: ExecutionProvider | 'auto';
  providers?: ProviderStatus[];
  /** `worker` (default): each session in its own worker thread; `inline`: on the calling thread. */
  isolation?: SessionIsolation;
  breakerThreshold?: number;
  halfOpenAfterMs?: number;
  log?: (message: string) => void;
}

export interface RunOptions {
  signal?: AbortSignal;
  priority?: number;
  owner?: string;
}

interface Entry {
  key: string;
  spec: ModelSpec;
  provider: ExecutionProvider;
  session: Promise<SessionHost>;
  memLease: ResourceLease | null;
  active: number;
  queue: { start: () => void; onAbort: () => void; signal?: AbortSignal }[];
  idleTimer: NodeJS.Timeout | null;
  runs: number;
  /** Resolved when the last active run finishes (dispose waits for them). */
  drained: (() => void)[];
}

export interface SessionInfo {
  key: string;
  modelId: string;
  provider: ExecutionProvider;
  active: number;
  queued: number;
  runs: number;
}

export class SessionPool {
  private readonly entries = new Map<string, Entry>();
  private readonly breakers: ModelBreakers;
  private resources: ResourceAcquirer;
  private readonly providers: ProviderStatus[];
  private readonly loggedFallback = new Set<string>();
  private disposed = false;
  private runSeq = 0;

  constructor(private readonly opts: SessionPoolOptions = {}) {
    this.resources = opts.resources ?? new UnlimitedResources();
    this.breakers = new ModelBreakers({ ...(opts.breakerThreshold !== undefined ? { threshold: opts.breakerThreshold } : {}), ...(opts.halfOpenAfterMs !== undefined ? { halfOpenAfterMs: opts.halfOpenAfterMs } : {}), ...(opts.health ? { health: opts.health } : {}) });
    this.providers = (opts.providers ?? detectProviders()).map((p) => ({ ...p }));
  }

  /** Wires the engine's resource manager in (sessions loaded before keep their memory lease). */
  setResources(resources: ResourceAcquirer): void {
    this.resources = resources;
  }

  private log(message: string): void {
    (this.opts.log ?? ((m: string) => process.stderr.write(`[inference] ${m}\n`)))(message);
  }

  /** The provider a model would run on here, and why it fell back if it did. */
  resolveProvider(spec: Pick<ModelSpec, 'id' | 'supported'>): { provider: ExecutionProvider; fallbackReason?: string } {
    const choice = chooseProvider(spec.supported, this.providers, this.opts.provider ?? 'auto');
    if (choice.fallbackReason && !this.loggedFallback.has(spec.id) && (this.opts.provider ?? 'auto') !== 'cpu' && spec.supported.includes('cuda')) {
      this.loggedFallback.add(spec.id);
      this.log(`${spec.id}: CUDA unavailable, running on CPU: ${choice.fallbackReason}`);
    }
    return choice;
  }

  breakerState(modelId: string): BreakerState {
    return this.breakers.state(modelId);
  }

  sessions(): SessionInfo[] {
    return [...this.entries.values()].map((e) => ({ key: e.key, modelId: e.spec.id, provider: e.provider, active: e.active, queued: e.queue.length, runs: e.runs }));
  }

  /** Runs the model once. Loads (and warms up) its session on first use. */
  run(spec: ModelSpec, feeds: Feeds | (() => Feeds), opts: RunOptions = {}): Promise<Outputs> {
    return this.use(spec, (run) => run(typeof feeds === 'function' ? feeds() : feeds), opts);
  }

  /**
   * Holds the model's session (and one cpu/gpu slot) for a sequence of runs, as a stateful model
   * fed frame by frame needs: `job` gets a `run` that calls the session directly. The job counts
   * as one use for queueing, cancellation and the circuit breaker.
   */
  async use<T>(spec: ModelSpec, job: (run: (feeds: Feeds) => Promise<Outputs>) => Promise<T>, opts: RunOptions = {}): Promise<T> {
    if (this.disposed) throw new GrymError('MODEL_LOAD', 'the session pool is disposed');
    if (opts.signal?.aborted) throw new CancelledError('inference cancelled');
    return this.breakers.execute(spec.id, () => this.useInner(spec, job, opts));
  }

  private async useInner<T>(spec: ModelSpec, job: (run: (feeds: Feeds) => Promise<Outputs>) => Promise<T>, opts: RunOptions): Promise<T> {
    const entry = await this.entryFor(spec);
    await this.waitTurn(entry, opts.signal);
    let lease: ResourceLease | null = null;
    try {
      lease = await this.resources.acquire(entry.provider === 'cuda' ? { gpu: 1 } : { cpu: 1 }, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
        owner: opts.owner ?? `model:${spec.id}:run:${++this.runSeq}`,
      });
      if (opts.signal?.aborted) throw new CancelledError('inference cancelled');
      const session = await entry.session;
      this.opts.health?.update(spec.id, { state: 'processing' });
      const run = async (feeds: Feeds): Promise<Outputs> => {
        try {
          const out = await session.run(feeds);
          entry.runs++;
          return out;
        } catch (err) {
          throw new GrymError('MODEL_INFERENCE', `model ${spec.id} failed to run: ${(err as Error).message}`, { cause: err });
        }
      };
      return await job(run);
    } catch (err) {
      if (isCancellation(err) || (opts.signal?.aborted ?? false)) throw err instanceof CancelledError ? err : new CancelledError('inference cancelled');
      throw err;
    } finally {
      lease?.release();
      this.finishTurn(entry);
    }
  }

  private async entryFor(spec: ModelSpec): Promise<Entry> {
    const { provider } = this.resolveProvider(spec);
    const key = `${spec.id}@${provider}`;
    const existing = this.entries.get(key);
    if (existing) {
      this.touch(existing);
      await existing.session;
      return existing;
    }
    const entry: Entry = { key, spec, provider, session: null as unknown as Promise<SessionHost>, memLease: null, active: 0, queue: [], idleTimer: null, runs: 0, drained: [] };
    entry.session = this.load(entry);
    this.entries.set(key, entry);
    try {
      await entry.session;
    } catch (err) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      entry.memLease?.release();
      entry.memLease = null;
      throw err;
    }
    return entry;
  }

  private async load(entry: Entry): Promise<SessionHost> {
    const { spec } = entry;
    this.opts.health?.update(spec.id, { state: 'loading', provider: entry.provider, error: undefined });
    try {
      if (spec.memoryMb > 0) entry.memLease = await this.resources.acquire({ memoryMb: spec.memoryMb }, { owner: `model:${spec.id}:session` });
      const threads = this.opts.threads ?? 1;
      const base: ort.InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' };
      const isolation = spec.isolation ?? this.opts.isolation ?? 'worker';
      let session: SessionHost;
      if (entry.provider === 'cuda') {
        try {
          session = await createSessionHost(spec.path, { ...base, executionProviders: ['cuda', 'cpu'] }, isolation);
        } catch (err) {
          const reason = `a CUDA session failed to load: ${(err as Error).message}`;
          this.log(`${spec.id}: CUDA session failed to load, falling back to CPU: ${(err as Error).message}`);
          // Later models go straight to CPU, with this as the reason.
          for (const p of this.providers) if (p.provider === 'cuda') Object.assign(p, { available: false, reason });
          entry.provider = 'cpu';
          session = await createSessionHost(spec.path, { ...base, executionProviders: ['cpu'] }, isolation);
        }
      } else {
        session = await createSessionHost(spec.path, { ...base, executionProviders: ['cpu'] }, isolation);
      }
      if (spec.warmup) await session.run(spec.warmup());
      this.opts.health?.update(spec.id, { state: 'ready', provider: entry.provider });
      this.touch(entry);
      return session;
    } catch (err) {
      const e = err instanceof GrymError ? err : new GrymError('MODEL_LOAD', `model ${spec.id} failed to load from ${spec.path}: ${(err as Error).message}`, { cause: err });
      this.opts.health?.update(spec.id, { state: 'error', error: serializeError(e) });
      throw e;
    }
  }

  private waitTurn(entry: Entry, signal?: AbortSignal): Promise<void> {
    const limit = this.opts.concurrency ?? 1;
    if (entry.active < limit && entry.queue.length === 0) {
      entry.active++;
      this.clearIdle(entry);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const item = {
        start: () => {
          signal?.removeEventListener('abort', item.onAbort);
          entry.active++;
          this.clearIdle(entry);
          resolve();
        },
        onAbort: () => {
          const i = entry.queue.indexOf(item);
          if (i >= 0) entry.queue.splice(i, 1);
          reject(new CancelledError('queued inference cancelled'));
        },
        ...(signal ? { signal } : {}),
      };
      entry.queue.push(item);
      signal?.addEventListener('abort', item.onAbort, { once: true });
    });
  }

  private finishTurn(entry: Entry): void {
    entry.active--;
    const next = entry.queue.shift();
    if (next) next.start();
    else if (entry.active === 0) {
      for (const d of entry.drained.splice(0)) d();
      if (this.entries.get(entry.key) === entry) this.opts.health?.update(entry.spec.id, { state: 'ready' });
      this.touch(entry);
    }
  }

  private clearIdle(entry: Entry): void {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
  }

  private touch(entry: Entry): void {
    this.clearIdle(entry);
    if (entry.active > 0 || entry.queue.length > 0 || this.disposed) return;
    entry.idleTimer = setTimeout(() => void this.unload(entry.key), this.opts.idleMs ?? 60_000);
    entry.idleTimer.unref();
  }

  /** Releases a session now (when nothing is running on it). */
  async unload(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry || entry.active > 0 || entry.queue.length > 0) return false;
    this.entries.delete(key);
    this.clearIdle(entry);
    try {
      await (await entry.session).release();
    } catch {
      /* a session that failed to load has nothing to release */
    }
    entry.memLease?.release();
    entry.memLease = null;
    return true;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const entry of this.entries.values()) {
      this.clearIdle(entry);
      for (const q of entry.queue.splice(0)) q.onAbort();
    }
    await Promise.all([...this.entries.keys()].map((k) => this.forceUnload(k)));
    this.breakers.dispose();
  }

  private async forceUnload(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (entry.active > 0) await new Promise<void>((r) => entry.drained.push(r));
    this.entries.delete(key);
    try {
      await (await entry.session).release();
    } catch {
      /* nothing loaded */
    }
    entry.memLease?.release();
    entry.memLease = null;
  }
}
