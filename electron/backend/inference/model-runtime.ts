/**
 * The model runtime one back end holds per data directory: the registry, the health board, the
 * installer and the session pool, wired together. Nodes and the CLI reach models through it.
 */
import { GrymError } from '../../../shared/errors.ts';
import { HealthBoard, type ModelHealth } from './health.ts';
import { ModelInstaller, type InstallOptions } from './installer.ts';
import { entryPath, isInstalled, ModelRegistry } from './model-registry.ts';
import { SessionPool, type Feeds, type ModelSpec, type Outputs, type RunOptions, type SessionPoolOptions } from './session-pool.ts';

export interface ModelRuntimeOptions extends Omit<SessionPoolOptions, 'health'> {
  dataDir: string;
  registry?: ModelRegistry;
}

export class ModelRuntime {
  readonly registry: ModelRegistry;
  readonly health = new HealthBoard();
  readonly installer: ModelInstaller;
  readonly pool: SessionPool;
  readonly dataDir: string;

  constructor(opts: ModelRuntimeOptions) {
    this.dataDir = opts.dataDir;
    this.registry = opts.registry ?? ModelRegistry.load();
    this.installer = new ModelInstaller(this.dataDir, this.registry, this.health);
    this.pool = new SessionPool({ ...opts, health: this.health });
    for (const m of this.registry.list()) {
      const installed = isInstalled(this.dataDir, m);
      this.health.update(m.id, { installed, state: installed ? 'ready' : 'missing', breaker: 'closed' });
    }
  }

  /** Every model's health, with `installed` re-read from disk. */
  list(): ModelHealth[] {
    return this.registry.list().map((m) => {
      const installed = isInstalled(this.dataDir, m);
      const h = this.health.get(m.id);
      const state = h?.state === 'installing' || h?.state === 'error' || (installed && h?.state !== 'missing') ? h!.state : installed ? 'ready' : 'missing';
      return this.health.update(m.id, { installed, state, breaker: this.pool.breakerState(m.id) });
    });
  }

  install(id: string, opts?: InstallOptions): Promise<string> {
    return this.installer.install(id, opts);
  }

  async remove(id: string): Promise<boolean> {
    for (const s of this.pool.sessions()) if (s.modelId === id) await this.pool.unload(s.key);
    return this.installer.remove(id);
  }

  /** Throws MODEL_MISSING (with the install command) unless the model's files are installed. */
  requireInstalled(id: string): string {
    const entry = this.registry.get(id);
    return entryPath(this.dataDir, entry);
  }

  /** Runs a model once through the pool. */
  async run(id: string, feeds: Feeds | (() => Feeds), opts: RunOptions & { warmup?: () => Feeds } = {}): Promise<Outputs> {
    return this.pool.run({ ...this.specFor(id), ...(opts.warmup ? { warmup: opts.warmup } : {}) }, feeds, opts);
  }

  /** Holds a model's session for a sequence of runs (stateful, frame-by-frame models). */
  use<T>(id: string, job: (run: (feeds: Feeds) => Promise<Outputs>) => Promise<T>, opts: RunOptions = {}): Promise<T> {
    return this.pool.use(this.specFor(id), job, opts);
  }

  private specFor(id: string): ModelSpec {
    const entry = this.registry.get(id);
    return { id, path: entryPath(this.dataDir, entry), supported: entry.providers, memoryMb: entry.memoryMb, ...(entry.isolation ? { isolation: entry.isolation } : {}) };
  }

  async dispose(): Promise<void> {
    this.health.clearListeners();
    await this.pool.dispose();
  }
}

const runtimes = new Map<string, ModelRuntime>();

/** The shared runtime for a data directory (created on first use). */
export function getModelRuntime(dataDir: string, opts: Omit<ModelRuntimeOptions, 'dataDir'> = {}): ModelRuntime {
  let rt = runtimes.get(dataDir);
  if (!rt) {
    rt = new ModelRuntime({ ...opts, dataDir });
    runtimes.set(dataDir, rt);
  } else if (opts.resources) rt.pool.setResources(opts.resources);
  return rt;
}

export async function disposeModelRuntimes(): Promise<void> {
  const all = [...runtimes.values()];
  runtimes.clear();
  await Promise.all(all.map((r) => r.dispose()));
}

export function assertModel(rt: ModelRuntime, id: string): void {
  if (!rt.registry.has(id)) throw new GrymError('NOT_FOUND', `no model "${id}" in the registry`);
}
