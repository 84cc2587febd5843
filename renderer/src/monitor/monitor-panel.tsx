/** The run monitor: live node states, the runs list (failed runs included) and the log pane. */
import { memo, useEffect, useRef, useState } from 'react';
import { useGraph } from '../stores/graph-store.ts';
import type { LogLine, RunState } from '../stores/run-store.ts';
import { ms, shortRunId, useRun } from '../stores/run-store.ts';
import { refreshRuns, retryRun } from './run-controller.ts';
import { Tabs } from '../ui/tabs.tsx';

const selRuns = (s: RunState) => s.runs;
const selLog = (s: RunState) => s.log;

const selNodeIds = (s: RunState) => Object.keys(s.nodes).join('\n');

/** One row per node, subscribed by id: a burst of progress events re-renders only the rows that changed. */
const NodeStateRow = memo(function NodeStateRow({ id }: { id: string }) {
  const n = useRun((s) => s.nodes[id]);
  if (!n) return null;
  return (
    <tr onClick={() => useGraph.getState().selectOnly(id)} className="clickable">
      <td>{id}</td>
      <td>
        <span className={`badge st-${n.status}`}>{n.status === 'completed' ? 'done' : n.status}</span>
      </td>
      <td>
        <div className="progress" aria-hidden="true">
          <div style={{ width: `${Math.round(n.fraction * 100)}%` }} />
        </div>
      </td>
      <td>
        {n.attempt || ''}
        {n.retrying ? ` (retrying: ${n.retrying.error.code})` : ''}
      </td>
      <td>{n.durationMs !== undefined ? ms(n.durationMs) : ''}</td>
      <td className="err">{n.error ? `${n.error.code}: ${n.error.message}` : ''}</td>
    </tr>
  );
});

function NodeStates() {
  const ids = useRun(selNodeIds);
  if (ids === '') return <div className="muted pad">Press Run to see each node's state here.</div>;
  return (
    <table className="grid" aria-label="Node states">
      <thead>
        <tr>
          <th>Node</th>
          <th>State</th>
          <th>Progress</th>
          <th>Attempt</th>
          <th>Time</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {ids.split('\n').map((id) => (
          <NodeStateRow key={id} id={id} />
        ))}
      </tbody>
    </table>
  );
}

function RunsList() {
  const runs = useRun(selRuns);
  const selected = useRun((s) => s.selectedRunId);
  useEffect(() => void refreshRuns(), []);
  if (runs.length === 0) return <div className="muted pad">No runs yet.</div>;
  return (
    <table className="grid" aria-label="Runs">
      <thead>
        <tr>
          <th>Run</th>
          <th>Workflow</th>
          <th>Status</th>
          <th>Nodes</th>
          <th>Started</th>
          <th>Duration</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id} className={`clickable ${selected === r.id ? 'is-selected' : ''}`} onClick={() => useRun.getState().selectRun(r.id)}>
            <td>
              <code>{shortRunId(r.id)}</code>
            </td>
            <td>{r.workflowName}</td>
            <td>
              <span className={`badge st-${r.status}`}>{r.status}</span>
            </td>
            <td>
              {r.nodeCount}
              {r.failedCount > 0 ? ` (${r.failedCount} failed)` : ''}
            </td>
            <td>{r.startedAt ? new Date(r.startedAt).toLocaleTimeString() : ''}</td>
            <td>{r.startedAt && r.finishedAt ? ms(r.finishedAt - r.startedAt) : ''}</td>
            <td>
              {(r.status === 'failed' || r.status === 'cancelled' || r.status === 'interrupted') && (
                <button className="small" aria-label={`Retry run ${shortRunId(r.id)}`} onClick={() => void retryRun(r.id)}>
                  Retry
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const LogRow = memo(function LogRow({ l }: { l: LogLine }) {
  return (
    <div className={`log-line ${l.level}`}>
      <span className="muted">{new Date(l.ts).toLocaleTimeString()}</span> {l.text}
    </div>
  );
});

function LogPane() {
  const log = useRun(selLog);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [log]);
  return (
    <div className="log" ref={ref} role="log" aria-label="Log">
      {log.length === 0 && <div className="muted pad">The log is empty.</div>}
      {log.map((l) => (
        <LogRow key={l.seq} l={l} />
      ))}
    </div>
  );
}

const tabs = ['Nodes', 'Runs', 'Log'] as const;

export function MonitorPanel() {
  const [tab, setTab] = useState<(typeof tabs)[number]>('Nodes');
  return (
    <section className="monitor panel" aria-label="Run monitor">
      <Tabs tabs={tabs} active={tab} onSelect={setTab} />
      <div className="tab-body">{tab === 'Nodes' ? <NodeStates /> : tab === 'Runs' ? <RunsList /> : <LogPane />}</div>
    </section>
  );
}
