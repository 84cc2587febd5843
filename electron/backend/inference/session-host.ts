/**
 * Where an ONNX Runtime session lives. onnxruntime-node runs inference synchronously on the calling
 * thread, so by default each session gets its own worker thread (`worker`): the host's event loop
 * stays free while a model runs, and two sessions really run in parallel on two cores. `inline`
 * keeps the session on the calling thread (no worker start-up; used for comparison).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { GrymError } from '../../../shared/errors.ts';

export type Feeds = Record<string, ort.Tensor>;
export type Outputs = Record<string, ort.Tensor>;
export type SessionIsolation = 'worker' | 'inline';

export interface SessionHost {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Feeds): Promise<Outputs>;
  /** Releases the session (and ends its worker). Safe to call twice. */
  release(): Promise<void>;
}

export async function createSessionHost(path: string, options: ort.InferenceSession.SessionOptions, isolation: SessionIsolation): Promise<SessionHost> {
  return isolation === 'worker' ? WorkerHost.create(path, options) : InlineHost.create(path, options);
}

class InlineHost implements SessionHost {
  private released = false;
  private constructor(private readonly session: ort.InferenceSession) {}
  static async create(path: string, options: ort.InferenceSession.SessionOptions): Promise<InlineHost> {
    return new InlineHost(await ort.InferenceSession.create(path, options));
  }
  get inputNames() {
    return this.session.inputNames;
  }
  get outputNames() {
    return this.session.outputNames;
  }
  async run(feeds: Feeds): Promise<Outputs> {
    return (await this.session.run(feeds)) as Outputs;
  }
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}

interface WireTensor {
  type: ort.Tensor.Type;
  data: ort.Tensor.DataType;
  dims: readonly number[];
}

type Reply = { id: number; ok: true; inputNames?: string[]; outputNames?: string[]; outputs?: Record<string, WireTensor> } | { id: number; ok: false; message: string };

// Plain JavaScript, so the worker needs no TypeScript loader: it only talks to onnxruntime-node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
let session = null;
parentPort.on('message', async (m) => {
  try {
    if (m.type === 'load') {
      session = await ort.InferenceSession.create(m.path, m.options);
      parentPort.postMessage({ id: m.id, ok: true, inputNames: [...session.inputNames], outputNames: [...session.outputNames] });
    } else if (m.type === 'run') {
      const feeds = {};
      for (const [k, t] of Object.entries(m.feeds)) feeds[k] = new ort.Tensor(t.type, t.data, t.dims);
      const out = await session.run(feeds);
      const outputs = {};
      const transfer = [];
      for (const [k, t] of Object.entries(out)) {
        outputs[k] = { type: t.type, data: t.data, dims: t.dims };
        if (t.data && t.data.buffer instanceof ArrayBuffer && !transfer.includes(t.data.buffer)) transfer.push(t.data.buffer);
      }
      try { parentPort.postMessage({ id: m.id, ok: true, outputs }, transfer); }
      catch { parentPort.postMessage({ id: m.id, ok: true, outputs }); }
    } else if (m.type === 'release') {
      if (session) await session.release();
      session = null;
      parentPort.postMessage({ id: m.id, ok: true });
    }
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, message: String((e && e.message) || e) });
  }
});
`;

const ORT_PATH = createRequire(import.meta.url).resolve('onnxruntime-node');

class WorkerHost implements SessionHost {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: unknown) => void }>();
  private ended = false;
  inputNames: readonly string[] = [];
  outputNames: readonly string[] = [];

  private constructor(private readonly worker: Worker) {
    worker.on('message', (r: Reply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      this.settleRef();
      p.resolve(r);
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => this.failAll(new Error(`inference worker exited (code ${code})`)));
    worker.unref();
  }

  static async create(path: string, options: ort.InferenceSession.SessionOptions): Promise<WorkerHost> {
    const host = new WorkerHost(new Worker(WORKER_SOURCE, { eval: true, workerData: { ortPath: ORT_PATH } }));
    try {
      const r = await host.call({ type: 'load', path, options });
      host.inputNames = r.inputNames ?? [];
      host.outputNames = r.outputNames ?? [];
      return host;
    } catch (err) {
      await host.release();
      throw err;
    }
  }

  async run(feeds: Feeds): Promise<Outputs> {
    const wire: Record<string, WireTensor> = {};
    for (const [k, t] of Object.entries(feeds)) wire[k] = { type: t.type, data: t.data, dims: t.dims };
    const r = await this.call({ type: 'run', feeds: wire });
    const out: Outputs = {};
    for (const [k, t] of Object.entries(r.outputs ?? {})) out[k] = new ort.Tensor(t.type, t.data as never, t.dims);
    return out;
  }

  async release(): Promise<void> {
    if (this.ended) return;
    try {
      await this.call({ type: 'release' });
    } catch {
      /* the worker is gone already */
    }
    this.ended = true;
    await this.worker.terminate();
  }

  private call(msg: Record<string, unknown>): Promise<Reply & { ok: true }> {
    if (this.ended) return Promise.reject(new Error('inference worker has ended'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (r) => (r.ok ? resolve(r) : reject(new Error(r.message))),
        reject,
      });
      this.worker.ref();
      this.worker.postMessage({ ...msg, id });
    });
  }

  private settleRef(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  private failAll(err: unknown): void {
    this.ended = true;
    const e = err instanceof Error ? err : new GrymError('MODEL_INFERENCE', String(err));
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
