/**
 * The back end inside a worker thread: the Electron main process starts this file with
 * `new Worker(...)` so every CPU-bound piece (decoding, analysis, SQLite, the scheduler) runs off the
 * main process's event loop. It serves the contract over the worker's parentPort.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Engine } from '../engine/engine.ts';
import { servePort } from '../transport/port-server.ts';
import { createAppDispatcher, defaultFileUrl } from './service.ts';

export interface WorkerHostData {
  dataDir: string;
  version?: string;
  concurrency?: number;
  /** Origin the renderer loads from; file URLs are built under it (default `grym://app`). */
  fileOrigin?: string;
  transport?: 'electron' | 'memory';
}

if (!parentPort) throw new Error('worker-host.ts runs inside a worker thread');
const data = workerData as WorkerHostData;
const engine = Engine.open({ dataDir: data.dataDir, ...(data.concurrency ? { concurrency: data.concurrency } : {}) });
const origin = data.fileOrigin ?? 'grym://app';
const { service, dispatcher } = createAppDispatcher(engine, {
  transport: data.transport ?? 'electron',
  ...(data.version ? { version: data.version } : {}),
  fileUrl: (area, rel) => `${origin}${defaultFileUrl(area, rel)}`,
});
const port = parentPort;
servePort(port, dispatcher);
port.on('message', (m: unknown) => {
  if ((m as { kind?: string } | null)?.kind === 'shutdown') {
    // cancel background work (model installs) before the engine goes
    void service.close().finally(() => {
      engine.close();
      port.postMessage({ kind: 'closed' });
    });
  }
});
port.postMessage({ kind: 'ready' });
