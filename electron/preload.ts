/**
 * The preload: exposes `window.grym` (call + onEvent, nothing else) through contextBridge. It runs
 * sandboxed, so it is bundled to one CommonJS file (scripts/build-electron.mjs) and imports nothing
 * at runtime but electron.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ContractEvent } from '../shared/contract.ts';
import type { GrymBridge } from '../shared/ipc/client.ts';
import type { CallOutcome } from '../shared/ipc/protocol.ts';

const bridge: GrymBridge = {
  call(method: string, params: unknown): Promise<CallOutcome> {
    if (typeof method !== 'string') return Promise.resolve({ ok: false, error: { code: 'IPC_BAD_REQUEST', message: 'method must be a string' } });
    return ipcRenderer.invoke('grym:call', method, params) as Promise<CallOutcome>;
  },
  onEvent(listener: (event: ContractEvent) => void): () => void {
    const handler = (_e: IpcRendererEvent, event: ContractEvent) => listener(event);
    ipcRenderer.on('grym:event', handler);
    return () => {
      ipcRenderer.removeListener('grym:event', handler);
    };
  },
};

contextBridge.exposeInMainWorld('grym', bridge);
