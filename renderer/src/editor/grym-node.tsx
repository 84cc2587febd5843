/**
 * One workflow node on the canvas. Memoised, and it subscribes only to its own slices (type info,
 * run state, validation issues) by id, so a 500-node graph re-renders only the nodes that changed.
 * Zoomed out below `COMPACT_ZOOM` it renders a compact body (node-lod.ts, compact-node.tsx).
 */
import { Handle, Position } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { NodeStatus } from '../../../shared/events.ts';
import { retryRun } from '../monitor/run-controller.ts';
import { selectNodeType, useNodeTypes } from '../stores/node-types-store.ts';
import type { NodeRunState, RunState } from '../stores/run-store.ts';
import { useRun } from '../stores/run-store.ts';
import { selectNodeIssues, useValidation } from '../stores/validation-store.ts';
import { CompactNodeBody } from './compact-node.tsx';
import type { GrymNode } from './graph-types.ts';
import { useCompactNodes } from './node-lod.ts';
import { portColor } from './port-colors.ts';

const statusLabel: Record<NodeStatus, string> = {
  pending: 'pending',
  queued: 'queued',
  running: 'running',
  completed: 'done',
  cached: 'cached',
  failed: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
};

const runSelectors = new Map<string, (s: RunState) => NodeRunState | undefined>();
function selectRun(id: string) {
  let f = runSelectors.get(id);
  if (!f) runSelectors.set(id, (f = (s: RunState) => s.nodes[id]));
  return f;
}
const issueSelectors = new Map<string, ReturnType<typeof selectNodeIssues>>();
function selectIssues(id: string) {
  let f = issueSelectors.get(id);
  if (!f) issueSelectors.set(id, (f = selectNodeIssues(id)));
  return f;
}

const statusSelectors = new Map<string, (s: RunState) => NodeStatus | undefined>();
function selectStatus(id: string) {
  let f = statusSelectors.get(id);
  if (!f) statusSelectors.set(id, (f = (s: RunState) => s.nodes[id]?.status));
  return f;
}

/** The ports never change during a run, so they sit in their own memoised component. */
const NodePorts = memo(function NodePorts({ nodeType }: { nodeType: string }) {
  const info = useNodeTypes(selectNodeType(nodeType));
  const inputs = info?.inputs ?? [];
  const outputs = info?.outputs ?? [];
  const rows = Math.max(inputs.length, outputs.length, 1);
  return (
    <div className="gnode-ports" style={{ height: rows * 22 }}>
      {inputs.map((p, i) => (
        <div key={`i-${p.name}`} className="port port-in" style={{ top: i * 22 }} title={`${p.name}: ${p.type}${p.required ? ' (required)' : ''}`}>
          <Handle type="target" position={Position.Left} id={p.name} className={`handle pt-${p.type}`} style={{ background: portColor(p.type) }} />
          <span>{p.name}</span>
        </div>
      ))}
      {outputs.map((p, i) => (
        <div key={`o-${p.name}`} className="port port-out" style={{ top: i * 22 }} title={`${p.name}: ${p.type}`}>
          <span>{p.name}</span>
          <Handle type="source" position={Position.Right} id={p.name} className={`handle pt-${p.type}`} style={{ background: portColor(p.type) }} />
        </div>
      ))}
    </div>
  );
});

/** Progress, retries and errors: the only part that re-renders on a stream of progress events. */
const NodeRunDetails = memo(function NodeRunDetails({ id, title }: { id: string; title: string }) {
  const run = useRun(selectRun(id));
  const status = run?.status;
  const pct = Math.round((run?.fraction ?? 0) * 100);
  return (
    <>
      {/* Always present (hidden when idle) so a run does not change the node's size and force re-measuring. */}
      <div className={status === 'running' ? 'progress' : 'progress idle'} role="progressbar" aria-label={`${title} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div style={{ width: `${pct}%` }} />
      </div>
      {run?.retrying && status === 'running' && (
        <div className="gnode-note warn">
          retry {run.retrying.attempt} · {run.retrying.error.code}
        </div>
      )}
      {run?.message && status === 'running' && <div className="gnode-note">{run.message}</div>}
      {status === 'failed' && run?.error && (
        <div className="gnode-error" role="alert">
          <code>{run.error.code}</code> {run.error.message}
          <button className="nodrag small" aria-label={`Retry ${title}`} onClick={() => void retryRun()}>
            Retry
          </button>
        </div>
      )}
    </>
  );
});

function GrymNodeView({ id, data, selected }: NodeProps<GrymNode>) {
  const status = useRun(selectStatus(id));
  const errors = useValidation(selectIssues(id));
  const compact = useCompactNodes();
  const cls = ['gnode', compact ? 'is-compact' : '', selected ? 'is-selected' : '', status ? `st-${status}` : '', errors.length ? 'has-issues' : ''].join(' ');
  if (compact) {
    return (
      <div className={cls} role="group" aria-label={data.title} data-node-id={id} data-status={status ?? 'idle'}>
        <CompactNodeBody title={data.title} nodeType={data.nodeType} />
      </div>
    );
  }
  return (
    <div className={cls} role="group" aria-label={data.title} data-node-id={id} data-status={status ?? 'idle'}>
      <div className="gnode-head">
        <span className="gnode-title">{data.title}</span>
        {status && <span className={`badge st-${status}`}>{statusLabel[status]}</span>}
      </div>
      <div className="gnode-type">{data.nodeType}</div>
      <NodePorts nodeType={data.nodeType} />
      <NodeRunDetails id={id} title={data.title} />
      {errors.length > 0 && (
        <ul className="gnode-issues" aria-label={`${data.title} problems`}>
          {errors.slice(0, 3).map((e, i) => (
            <li key={i} data-code={e.code}>
              <code>{e.code}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const GrymNodeComponent = memo(GrymNodeView);
export const nodeTypes = { grym: GrymNodeComponent };
