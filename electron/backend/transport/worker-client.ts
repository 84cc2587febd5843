/**
 * The main-process side of the back-end worker: starts worker-host in a worker thread and speaks the
 * wire protocol to it. `call` never throws for back-end errors (it resolves with an outcome); a
 * crashed worker fails pending calls with INTERNAL and is reported through `onExit`.
 */
import type { WorkerOptions } from 'node:worker_threads';
import type { ContractEvent } from '../../../shared/contract.ts';
import type { CallOutcome, ServerMessage } from '../../../shared/ipc/protocol.ts';
import type { Transport } from '../../../shared/ipc/client.ts';
import type { WorkerHostData } from '../app/worker-host.ts';
import { spawnModuleWorker } from '../worker-spawn.ts';

export interface BackendWorker extends Transport {
  ready: Promise<void>;
  /** Closes the engine cleanly, then ends the thread. */
  shutdown(): Promise<void>;
  onExit(listener: (code: number) => void): void;
}

export function startBackendWorker(script: URL | string, data: WorkerHostData, opts: Pick<WorkerOptions, 'env' | 'resourceLimits'> = {}): BackendWorker {
  const worker = spawnModuleWorker(script, { workerData: data, ...opts });
  const pending = new Map<number, (o: CallOutcome) => void>();
  const listeners = new Set<(e: ContractEvent) => void>();
  const exitListeners = new Set<(code: number) => void>();
  let nextId = 1;
  let exited = false;
  let markReady!: () => void;
  let failReady!: (err: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    markReady = res;
    failReady = rej;
  });
  let onClosed: (() => void) | undefined;

  worker.on('message', (raw: unknown) => {
    const m = raw as ServerMessage | { kind: 'ready' } | { kind: 'closed' };
    if (m.kind === 'ready') return markReady();
    if (m.kind === 'closed') return onClosed?.();
    if (m.kind === 'event') {
      for (const fn of [...listeners]) fn(m.event);
      return;
    }
    if (m.kind === 'result' && typeof m.id === 'number') {
      const resolve = pending.get(m.id);
      pending.delete(m.id);
      resolve?.(m.ok ? { ok: true, result: m.result } : { ok: false, error: m.error });
    }
  });
  worker.on('error', (err) => failReady(err));
  worker.on('exit', (code) => {
    exited = true;
    failReady(new Error(`back-end worker exited with code ${code}`));
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve({ ok: false, error: { code: 'INTERNAL', message: `the back end stopped (exit code ${code})` } });
    }
    for (const fn of exitListeners) fn(code);
  });

  return {
    ready,
    call(method, params) {
      if (exited) return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'the back end has stopped' } });
      const id = nextId++;
      return new Promise<CallOutcome>((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ kind: 'call', id, method, params });
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    onExit(listener) {
      exitListeners.add(listener);
    },
    async shutdown() {
      if (exited) return;
      await new Promise<void>((res) => {
        onClosed = res;
        worker.postMessage({ kind: 'shutdown' });
        setTimeout(res, 5000).unref();
      });
      await worker.terminate();
    },
    close() {
      void worker.terminate();
    },
  };
}
