/** Run records as the CLI, the IPC contract and the renderer see them. */
import type { NodeSummary, RunStatus } from './events.ts';
import type { Workflow } from './workflow/schema.ts';

export interface RunOptions {
  concurrency?: number;
  failFast?: boolean;
  /** Run only these nodes and what they depend on ("run to selected node"). */
  targetNodeIds?: string[];
}

export interface RunRecord {
  id: string;
  workflowName: string;
  status: RunStatus;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  nodeCount: number;
  failedCount: number;
}

export interface NodeDetail extends NodeSummary {
  nodeType: string;
  /** Output artifact hashes by port name. */
  outputs?: Record<string, string>;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface RunDetail extends RunRecord {
  workflow: Workflow;
  options: RunOptions;
  nodes: Record<string, NodeDetail>;
}
