/**
 * The Models panel's state: every registry model as `models.list` reports it, live install progress
 * from `model.progress`, and state changes from `model.health` (which also trigger a re-list so
 * size, provider and `installed` stay true to the back end). Calls go through the one client.
 */
import { create } from 'zustand';
import { api, errorText, hasApi } from '../api/backend.ts';
import type { ModelHealthEvent, ModelInfo, ModelProgressDto, ModelProgressEvent } from '../api/client.ts';

export interface ModelsState {
  open: boolean;
  models: ModelInfo[];
  /** Latest progress of installs in flight, by model id. */
  progress: Record<string, ModelProgressDto>;
  /** Model ids with a call in flight (button feedback). */
  busy: Record<string, string>;
  /** A failure of the panel's own calls (list, install, …), as `CODE: message`. */
  callError: string | null;
  loaded: boolean;
  setOpen: (open: boolean) => void;
  refresh: () => Promise<void>;
  install: (id: string, source?: string) => Promise<void>;
  cancel: (id: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
  applyHealth: (e: ModelHealthEvent) => void;
  applyProgress: (e: ModelProgressEvent) => void;
}

function omit<T>(rec: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _, ...rest } = rec;
  return rest;
}

export const useModels = create<ModelsState>()((set, get) => {
  const call = async (id: string, label: string, fn: () => Promise<unknown>): Promise<void> => {
    set((s) => ({ busy: { ...s.busy, [id]: label }, callError: null }));
    try {
      await fn();
    } catch (err) {
      set({ callError: errorText(err) });
    } finally {
      set((s) => ({ busy: omit(s.busy, id) }));
      await get().refresh();
    }
  };
  return {
    open: false,
    models: [],
    progress: {},
    busy: {},
    callError: null,
    loaded: false,
    setOpen: (open) => {
      set({ open });
      if (open) void get().refresh();
    },
    refresh: async () => {
      if (!hasApi()) return;
      try {
        const models = await api().call('models.list');
        set({ models, loaded: true });
      } catch (err) {
        set({ callError: errorText(err), loaded: true });
      }
    },
    install: (id, source) => call(id, 'installing', () => api().call('models.install', source ? { id, source } : { id })),
    cancel: (id) => call(id, 'cancelling', () => api().call('models.cancelInstall', { id })),
    remove: (id) => call(id, 'removing', () => api().call('models.remove', { id })),
    applyHealth: (e) => {
      set((s) => ({
        models: s.models.map((m) => {
          if (m.id !== e.id) return m;
          const { lastError: _, ...rest } = m;
          return { ...rest, state: e.state, installed: e.installed, breaker: e.breaker, ...(e.provider ? { provider: e.provider } : {}), ...(e.error ? { lastError: e.error } : {}) };
        }),
        progress: e.state === 'installing' ? s.progress : omit(s.progress, e.id),
      }));
      if (e.state !== 'installing' && e.state !== 'processing') void get().refresh();
    },
    applyProgress: (e) => set((s) => ({ progress: { ...s.progress, [e.id]: { bytes: e.bytes, total: e.total, etaMs: e.etaMs } } })),
  };
});

let connected = false;

/** Subscribes the store to the back end's model events (once per page). */
export function connectModelEvents(): void {
  if (connected || !hasApi()) return;
  connected = true;
  const client = api();
  client.on('model.health', (e) => useModels.getState().applyHealth(e));
  client.on('model.progress', (e) => useModels.getState().applyProgress(e));
}

export function formatBytes(n: number | null): string {
  if (n === null) return '—';
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} kB`;
  return `${n} B`;
}

export function formatEta(ms: number | null): string {
  if (ms === null) return 'ETA …';
  const s = Math.ceil(ms / 1000);
  return s < 60 ? `ETA ${s}s` : `ETA ${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
