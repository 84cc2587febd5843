/**
 * The back-end service: the contract implemented against the Engine. Both transports and the
 * in-memory pair reach it through one Dispatcher (createAppDispatcher), which validates every request
 * with the contract's zod schema before a handler sees it.
 */
import { GrymError } from '../../../shared/errors.ts';
import { methodNames, type AppEvent, type AppInfo, type AssetInfo, type ContractEvent } from '../../../shared/contract.ts';
import type { Engine } from '../engine/engine.ts';
import { AssetStore, type AssetRow } from './asset-store.ts';
import { AudioService } from './audio-service.ts';
import { contextSnapshot } from './context-view.ts';
import { ModelsService } from './models-service.ts';
import { assertWorkflowPathsAllowed } from './path-policy.ts';
import { createDispatcher, type Dispatcher, type Handlers } from './dispatcher.ts';
import type { FileArea } from './files.ts';
import { WorkflowStore } from './workflow-store.ts';

export interface AppServiceOptions {
  transport: AppInfo['transport'];
  version?: string;
  /** Builds the URL the renderer fetches a file from (assets and exports only). */
  fileUrl?: (area: FileArea, relPath: string) => string;
  log?: (message: string) => void;
  /** Confine workflows' `path` params to assets/ and exports/ (default: everywhere but Electron). */
  restrictPaths?: boolean;
}

export const defaultFileUrl = (area: FileArea, relPath: string): string => `/files/${area}/${relPath.split('/').map(encodeURIComponent).join('/')}`;

export class AppService {
  readonly assets: AssetStore;
  readonly workflows: WorkflowStore;
  readonly audio: AudioService;
  readonly models: ModelsService;
  private readonly appListeners = new Set<(e: AppEvent) => void>();
  private readonly fileUrl: (area: FileArea, relPath: string) => string;

  constructor(
    readonly engine: Engine,
    private readonly opts: AppServiceOptions,
  ) {
    this.assets = new AssetStore(engine.db, engine.dataDir);
    this.workflows = new WorkflowStore(engine.db);
    this.audio = new AudioService(engine, this.assets);
    this.fileUrl = opts.fileUrl ?? defaultFileUrl;
    this.models = new ModelsService(engine, { restrictPaths: opts.restrictPaths ?? opts.transport !== 'electron', ...(opts.log ? { log: opts.log } : {}) });
  }

  /** Cancels background work (model installs) and drops runtime listeners; the engine is closed by its owner. */
  close(): Promise<void> {
    return this.models.dispose();
  }

  subscribe(listener: (event: ContractEvent) => void): () => void {
    const offEngine = this.engine.on(listener);
    const offModels = this.models.subscribe(listener);
    this.appListeners.add(listener);
    return () => {
      offEngine();
      offModels();
      this.appListeners.delete(listener);
    };
  }

  private emit(event: AppEvent): void {
    for (const fn of [...this.appListeners]) fn(event);
  }

  private assetInfo(a: AssetRow): AssetInfo {
    return { ...a, url: this.fileUrl('assets', this.assets.relPath(a)) };
  }

  private watch(handle: { runId: string; done: Promise<unknown> }): { runId: string } {
    handle.done.catch((err: unknown) => {
      this.emit({ type: 'app.log', ts: Date.now(), level: 'error', runId: handle.runId, message: `run ${handle.runId} ended with an error: ${String((err as Error)?.message ?? err)}` });
    });
    return { runId: handle.runId };
  }

  readonly handlers: Handlers = {
    'app.info': () => ({
      name: 'grym-synth',
      version: this.opts.version ?? '0.0.0',
      dataDir: this.engine.dataDir,
      transport: this.opts.transport,
      platform: process.platform,
      nodeVersion: process.version,
      nodeTypeCount: this.engine.registry.list().length,
      methods: [...methodNames],
    }),
    'nodeTypes.list': () => this.engine.registry.info(),
    'workflow.validate': (r) => this.engine.validate(r.workflow),

    'run.start': (r) => {
      if (this.opts.restrictPaths ?? this.opts.transport !== 'electron') assertWorkflowPathsAllowed(r.workflow, this.engine.dataDir);
      return this.watch(this.engine.start(r.workflow, r.options ?? {}));
    },
    'run.cancel': (r) => ({ cancelled: this.engine.cancel(r.runId) }),
    'run.resume': (r) => this.watch(this.engine.resume(r.runId, r.options ?? {})),
    'run.retry': (r) => this.watch(this.engine.retry(r.runId, r.options ?? {})),
    'runs.list': (r) => this.engine.listRuns(r?.limit ?? 100),
    'runs.get': (r) => {
      const run = this.engine.getRun(r.runId);
      if (!run) throw new GrymError('RUN_NOT_FOUND', `no run ${r.runId}`);
      return run;
    },

    'context.get': (r) => {
      if (!this.engine.getRun(r.runId)) throw new GrymError('RUN_NOT_FOUND', `no run ${r.runId}`);
      const run = this.engine.getRun(r.runId);
      const cachedInRun = run ? Object.values(run.nodes).filter((n) => n.cached).length : 0;
      return contextSnapshot(this.engine.context, r.runId, r.nodeId, { ...this.engine.store.cacheStats(), cachedInRun });
    },

    'assets.import': async (r) => {
      const bytes = typeof r.data === 'string' ? Buffer.from(r.data, 'base64') : r.data;
      const { asset, created } = this.assets.import(r.name, bytes, r.mime);
      const info = this.assetInfo(asset);
      const embeddedWorkflow = await this.audio.embeddedWorkflow(asset.path, bytes);
      if (created) this.emit({ type: 'asset.imported', ts: Date.now(), asset: info });
      return { ...info, embeddedWorkflow };
    },
    'assets.list': () => this.assets.list().map((a) => this.assetInfo(a)),

    'audio.peaks': (r) => this.audio.peaks(r),
    'analysis.get': (r) => this.audio.analysis(r.hash),
    'export.audio': async (r) => {
      const written = await this.audio.exportAudio(r);
      const result = { ...written, url: this.fileUrl('exports', written.name) };
      this.emit({ type: 'export.written', ts: Date.now(), export: result });
      return result;
    },

    'workflows.save': (r) => {
      const saved = this.workflows.save(r.workflow, { ...(r.id ? { id: r.id } : {}), ...(r.name ? { name: r.name } : {}) });
      this.emit({ type: 'workflow.saved', ts: Date.now(), workflow: saved });
      return saved;
    },
    'workflows.list': () => this.workflows.list(),
    'workflows.load': (r) => this.workflows.load(r.id),
    'workflows.recent': (r) => this.workflows.recent(r?.limit ?? 10),

    'models.list': () => this.models.list(),
    'models.install': (r) => this.models.install(r),
    'models.cancelInstall': (r) => this.models.cancelInstall(r),
    'models.remove': (r) => this.models.remove(r),
  };
}

/** The service behind its dispatcher: what every transport serves. */
export function createAppDispatcher(engine: Engine, opts: AppServiceOptions): { service: AppService; dispatcher: Dispatcher } {
  const service = new AppService(engine, opts);
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dispatcher = createDispatcher(service.handlers, (l) => service.subscribe(l), {
    onInternalError: (method, err) => log(`grym: ${method} failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  return { service, dispatcher };
}
