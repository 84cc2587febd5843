/**
 * Live run state, fed by engine events. `applyEvents` takes a whole batch (one animation frame's
 * worth, see monitor/event-batcher.ts) and produces one state update, so thousands of events per
 * second cost one render per frame.
 */
import { create } from 'zustand';
import type { SerializedError } from '../../../shared/errors.ts';
import type { EngineEvent, NodeStatus, RunStatus } from '../../../shared/events.ts';
import type { RunRecord } from '../../../shared/runs.ts';

export interface NodeRunState {
  status: NodeStatus;
  fraction: number;
  attempt: number;
  message?: string;
  error?: SerializedError;
  retrying?: { attempt: number; delayMs: number; error: SerializedError };
  outputs?: Record<string, string>;
  durationMs?: number;
}

export interface LogLine {
  seq: number;
  ts: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

export interface RunState {
  runId: string | null;
  status: RunStatus | null;
  etaMs: number | null;
  progress: { done: number; total: number; fraction: number };
  nodes: Record<string, NodeRunState>;
  runs: RunRecord[];
  log: LogLine[];
  eventCount: number;
  /** The run the inspector shows (a row picked in the runs list), else the live one. */
  selectedRunId: string | null;
  selectRun: (runId: string | null) => void;
  startRun: (runId: string) => void;
  applyEvents: (events: readonly EngineEvent[]) => void;
  setRuns: (runs: RunRecord[]) => void;
  appendLog: (level: LogLine['level'], text: string, ts?: number) => void;
  reset: () => void;
}

const LOG_LIMIT = 400;
let seq = 0;

const idle = { runId: null, status: null, etaMs: null, progress: { done: 0, total: 0, fraction: 0 }, nodes: {}, log: [], eventCount: 0 } as const;

export const useRun = create<RunState>()((set) => ({
  ...idle,
  nodes: {},
  log: [],
  runs: [],
  startRun: (runId) => set({ runId, status: 'running', nodes: {}, etaMs: null, progress: { done: 0, total: 0, fraction: 0 } }),
  setRuns: (runs) => set({ runs }),
  selectedRunId: null,
  selectRun: (selectedRunId) => set({ selectedRunId }),
  appendLog: (level, text, ts = Date.now()) => set((s) => ({ log: [...s.log, line(ts, level, text)].slice(-LOG_LIMIT) })),
  reset: () => set({ ...idle, nodes: {}, log: [] }),
  applyEvents: (events) =>
    set((s) => {
      if (events.length === 0) return s;
      let { runId, status, etaMs, progress } = s;
      const nodes = { ...s.nodes };
      const lines: LogLine[] = [];
      for (const ev of events) {
        if (ev.type === 'run.started') {
          // A new run replaces the view of the old one.
          if (ev.runId !== runId) for (const k of Object.keys(nodes)) delete nodes[k];
          runId = ev.runId;
          status = 'running';
          progress = { done: 0, total: ev.nodeCount, fraction: 0 };
          lines.push(line(ev.ts, 'info', `run ${short(ev.runId)} started: ${ev.workflowName}, ${ev.nodeCount} nodes${ev.resumed ? ' (resumed)' : ''}`));
        } else if (runId !== null && ev.runId !== runId) {
          continue;
        }
        etaMs = ev.etaMs;
        switch (ev.type) {
          case 'run.started':
            break;
          case 'run.progress':
            progress = { done: ev.done, total: ev.total, fraction: ev.fraction };
            break;
          case 'run.completed':
            status = 'succeeded';
            etaMs = 0;
            lines.push(line(ev.ts, 'info', `run completed in ${ms(ev.durationMs)}`));
            break;
          case 'run.failed':
            status = 'failed';
            etaMs = 0;
            lines.push(line(ev.ts, 'error', `run failed after ${ms(ev.durationMs)}: ${ev.failedNodes.join(', ')}`));
            break;
          case 'run.cancelled':
            status = 'cancelled';
            etaMs = 0;
            lines.push(line(ev.ts, 'warn', `run cancelled after ${ms(ev.durationMs)}`));
            break;
          case 'node.queued':
            nodes[ev.nodeId] = { status: 'queued', fraction: 0, attempt: 0 };
            break;
          case 'node.started':
            nodes[ev.nodeId] = { ...nodes[ev.nodeId], status: 'running', fraction: 0, attempt: ev.attempt };
            if (ev.attempt > 1) lines.push(line(ev.ts, 'warn', `${ev.nodeId}: attempt ${ev.attempt}`));
            break;
          case 'node.progress': {
            const prev = nodes[ev.nodeId] ?? { status: 'running' as const, attempt: 1, fraction: 0 };
            nodes[ev.nodeId] = ev.message === undefined ? { ...prev, fraction: ev.fraction } : { ...prev, fraction: ev.fraction, message: ev.message };
            break;
          }
          case 'node.retrying':
            nodes[ev.nodeId] = { ...(nodes[ev.nodeId] ?? { status: 'running', fraction: 0, attempt: ev.attempt }), retrying: { attempt: ev.attempt, delayMs: ev.delayMs, error: ev.error } };
            lines.push(line(ev.ts, 'warn', `${ev.nodeId}: ${ev.error.code} — retrying in ${ms(ev.delayMs)} (attempt ${ev.attempt})`));
            break;
          case 'node.cached':
            nodes[ev.nodeId] = { status: 'cached', fraction: 1, attempt: 0, outputs: ev.outputs };
            lines.push(line(ev.ts, 'info', `${ev.nodeId}: cached`));
            break;
          case 'node.completed':
            nodes[ev.nodeId] = { status: 'completed', fraction: 1, attempt: ev.attempt, outputs: ev.outputs, durationMs: ev.durationMs };
            lines.push(line(ev.ts, 'info', `${ev.nodeId}: done in ${ms(ev.durationMs)}`));
            break;
          case 'node.failed':
            nodes[ev.nodeId] = { status: 'failed', fraction: nodes[ev.nodeId]?.fraction ?? 0, attempt: ev.attempt, error: ev.error };
            lines.push(line(ev.ts, 'error', `${ev.nodeId}: ${ev.error.code}: ${ev.error.message}`));
            break;
          case 'node.cancelled':
            nodes[ev.nodeId] = { ...(nodes[ev.nodeId] ?? { fraction: 0, attempt: 0 }), status: 'cancelled' };
            break;
        }
      }
      const log = lines.length === 0 ? s.log : [...s.log, ...lines].slice(-LOG_LIMIT);
      return { runId, status, etaMs, progress, nodes, log, eventCount: s.eventCount + events.length };
    }),
}));

function line(ts: number, level: LogLine['level'], text: string): LogLine {
  return { seq: seq++, ts, level, text };
}
/** Run ids are `yyyymmddhhmmss-xxxxxxxx`: the random tail tells runs apart at a glance. */
export const shortRunId = (id: string): string => id.split('-').pop()!.slice(0, 8);
const short = shortRunId;
export function ms(v: number): string {
  return v < 1000 ? `${Math.round(v)} ms` : v < 60_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.floor(v / 60_000)} m ${Math.round((v % 60_000) / 1000)} s`;
}
