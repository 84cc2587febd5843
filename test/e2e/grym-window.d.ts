/**
 * The renderer's test hook (`window.__grym`, renderer/src/test-hooks.ts) as the e2e specs and the UI
 * bench see it. Tests may not import the renderer, so its shape is restated here.
 */
import type { EngineEvent } from '../../shared/events.ts';

declare global {
  interface Window {
    __grym?: {
      openWorkflow: (wf: unknown) => boolean;
      workflow: () => unknown;
      nodeIds: () => string[];
      select: (id: string) => void;
      injectEvents: (events: EngineEvent[]) => void;
      batcherStats: () => { events: number; batches: number; maxBatch: number } | null;
      runState: () => { status: string | null; eventCount: number; nodes: number };
      validationErrors: () => { code: string; nodeIds: string[] }[];
    };
  }
}
