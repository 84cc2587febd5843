/**
 * A small window hook for end-to-end tests and the UI benchmark: it reads state and feeds events
 * through the same paths the app uses (no back door into rendering).
 */
import type { EngineEvent } from '../../shared/events.ts';
import { currentWorkflow, openWorkflow } from './editor/session.ts';
import { batcherStats, injectEvents } from './monitor/run-controller.ts';
import { useGraph } from './stores/graph-store.ts';
import { useRun } from './stores/run-store.ts';
import { useValidation } from './stores/validation-store.ts';

export interface GrymTestHooks {
  openWorkflow: (wf: unknown) => boolean;
  workflow: () => unknown;
  nodeIds: () => string[];
  select: (id: string) => void;
  injectEvents: (events: EngineEvent[]) => void;
  batcherStats: typeof batcherStats;
  runState: () => { status: string | null; eventCount: number; nodes: number };
  validationErrors: () => { code: string; nodeIds: string[] }[];
}

declare global {
  interface Window {
    __grym?: GrymTestHooks;
  }
}

export function installTestHooks(): void {
  window.__grym = {
    openWorkflow,
    workflow: currentWorkflow,
    nodeIds: () => useGraph.getState().nodes.map((n) => n.id),
    select: (id) => useGraph.getState().selectOnly(id),
    injectEvents,
    batcherStats,
    runState: () => {
      const s = useRun.getState();
      return { status: s.status, eventCount: s.eventCount, nodes: Object.keys(s.nodes).length };
    },
    validationErrors: () => useValidation.getState().errors.map((e) => ({ code: e.code, nodeIds: e.nodeIds })),
  };
}
