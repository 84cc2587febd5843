/**
 * A worker-thread pool for analysis, so the host's event loop stays free. Workers run the TypeScript
 * sources through tsx (registered by a bootstrap, see BOOTSTRAP). Sample buffers are transferred, not copied (the caller's arrays are detached unless
 * it asks for a copy). A job is cancelled with an AbortSignal: a queued job leaves the queue; a running one
 * has its worker terminated and replaced. dispose() ends every worker and fails pending jobs; it is idempotent.
 */
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Analysis, AnalysisOptions } from '../../../../shared/analysis.ts';
import { CancelledError, GrymError, type SerializedError } from '../../../../shared/errors.ts';
import type { DecodedAudio } from '../types.ts';
import { siblingModule, spawnModuleWorker } from '../../worker-spawn.ts';

export interface WorkerRequest {
  id: number;
  sampleRate: number;
  channels: Float32Array[];
  opts: AnalysisOptions;
}

export type WorkerResponse = { id: number; ok: true; analysis: Analysis } | { id: number; ok: false; error: SerializedError };

interface Job {
  req: WorkerRequest;
  transfer: ArrayBuffer[];
  resolve: (a: Analysis) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

// worker.ts from source (through tsx), worker.js in a compiled build
const WORKER_URL = siblingModule(import.meta.url, 'worker');

export interface AnalyzeJobOptions extends AnalysisOptions {
  signal?: AbortSignal;
  /** Copy the samples instead of transferring (detaching) the caller's buffers. */
  copy?: boolean;
}

export class AnalysisPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;

  constructor(size = Math.max(1, Math.min(4, availableParallelism() - 1))) {
    this.size = size;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = spawnModuleWorker(WORKER_URL);
    const slot: Slot = { worker, job: null };
    worker.on('message', (msg: WorkerResponse) => this.finish(slot, msg));
    worker.on('error', (err) => this.fail(slot, err));
    worker.on('exit', (code) => {
      if (slot.job && !this.disposed) this.fail(slot, new GrymError('INTERNAL', `analysis worker exited (code ${code})`));
    });
    worker.unref();
    return slot;
  }

  analyze(audio: DecodedAudio, opts: AnalyzeJobOptions = {}): Promise<Analysis> {
    if (this.disposed) return Promise.reject(new GrymError('INTERNAL', 'analysis pool is disposed'));
    const { signal, copy, ...analysisOpts } = opts;
    if (signal?.aborted) return Promise.reject(new CancelledError('analysis cancelled'));
    const channels = audio.channels.map((c) => (copy || c.byteOffset !== 0 || c.byteLength !== c.buffer.byteLength ? c.slice() : c));
    const transfer = [...new Set(channels.map((c) => c.buffer as ArrayBuffer))];
    return new Promise<Analysis>((resolve, reject) => {
      const job: Job = { req: { id: this.nextId++, sampleRate: audio.sampleRate, channels, opts: analysisOpts }, transfer, resolve, reject, signal };
      if (signal) {
        job.onAbort = () => this.cancel(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(job.req, job.transfer);
    }
  }

  private settle(slot: Slot): Job | null {
    const job = slot.job;
    slot.job = null;
    slot.worker.unref();
    if (job?.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    return job;
  }

  private finish(slot: Slot, msg: WorkerResponse): void {
    if (!slot.job || slot.job.req.id !== msg.id) return;
    const job = this.settle(slot)!;
    if (msg.ok) job.resolve(msg.analysis);
    else job.reject(new GrymError(msg.error.code, msg.error.message, { details: msg.error.details }));
    this.pump();
  }

  private fail(slot: Slot, err: unknown): void {
    const job = this.settle(slot);
    job?.reject(err instanceof GrymError ? err : new GrymError('INTERNAL', `analysis worker failed: ${(err as Error)?.message ?? err}`));
    this.replace(slot);
  }

  private replace(slot: Slot): void {
    if (this.disposed) return;
    const i = this.slots.indexOf(slot);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    if (i >= 0) this.slots[i] = this.spawn();
    this.pump();
  }

  private cancel(job: Job): void {
    const q = this.queue.indexOf(job);
    if (q >= 0) {
      this.queue.splice(q, 1);
      job.reject(new CancelledError('analysis cancelled'));
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (!slot) return;
    this.settle(slot);
    job.reject(new CancelledError('analysis cancelled'));
    this.replace(slot);
  }

  /** Ends every worker; pending and running jobs reject with a CancelledError. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const jobs = [...this.queue.splice(0), ...this.slots.map((s) => this.settle(s)).filter((j): j is Job => j !== null)];
    for (const j of jobs) j.reject(new CancelledError('analysis pool disposed'));
    await Promise.all(this.slots.map((s) => { s.worker.removeAllListeners(); return s.worker.terminate(); }));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

let shared: AnalysisPool | undefined;

/** The process-wide pool (created on first use). */
export function sharedAnalysisPool(): AnalysisPool {
  return (shared ??= new AnalysisPool());
}
