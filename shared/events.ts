/**
 * The one typed event stream of the engine. Every event carries the run id, a timestamp and the
 * run's ETA in milliseconds (learned from past node durations on this machine; null when unknown).
 */
import type { SerializedError } from './errors.ts';

export type RunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export type NodeStatus = 'pending' | 'queued' | 'running' | 'completed' | 'cached' | 'failed' | 'cancelled' | 'skipped';

interface Base {
  runId: string;
  ts: number;
  etaMs: number | null;
}
interface NodeBase extends Base {
  nodeId: string;
  nodeType: string;
}

export interface RunStartedEvent extends Base { type: 'run.started'; workflowName: string; nodeCount: number; resumed: boolean }
export interface RunCompletedEvent extends Base { type: 'run.completed'; durationMs: number }
export interface RunFailedEvent extends Base { type: 'run.failed'; durationMs: number; failedNodes: string[] }
export interface RunCancelledEvent extends Base { type: 'run.cancelled'; durationMs: number }
export interface RunProgressEvent extends Base { type: 'run.progress'; done: number; total: number; fraction: number }

export interface NodeQueuedEvent extends NodeBase { type: 'node.queued' }
export interface NodeStartedEvent extends NodeBase { type: 'node.started'; attempt: number }
export interface NodeProgressEvent extends NodeBase { type: 'node.progress'; fraction: number; message?: string }
export interface NodeRetryingEvent extends NodeBase { type: 'node.retrying'; attempt: number; delayMs: number; error: SerializedError }
export interface NodeCachedEvent extends NodeBase { type: 'node.cached'; cacheKey: string; outputs: Record<string, string> }
export interface NodeCompletedEvent extends NodeBase { type: 'node.completed'; attempt: number; durationMs: number; outputs: Record<string, string> }
export interface NodeFailedEvent extends NodeBase { type: 'node.failed'; attempt: number; error: SerializedError }
export interface NodeCancelledEvent extends NodeBase { type: 'node.cancelled' }

export type RunEvent = RunStartedEvent | RunCompletedEvent | RunFailedEvent | RunCancelledEvent | RunProgressEvent;
export type NodeEvent =
  | NodeQueuedEvent
  | NodeStartedEvent
  | NodeProgressEvent
  | NodeRetryingEvent
  | NodeCachedEvent
  | NodeCompletedEvent
  | NodeFailedEvent
  | NodeCancelledEvent;
export type EngineEvent = RunEvent | NodeEvent;
export type EngineEventType = EngineEvent['type'];

export interface NodeSummary {
  status: NodeStatus;
  attempts: number;
  cached: boolean;
  durationMs: number | null;
  error?: { code: string; message: string };
}

/** The last line of `grym run --json`. */
export interface RunSummary {
  type: 'run.summary';
  runId: string;
  status: RunStatus;
  nodes: Record<string, NodeSummary>;
}
