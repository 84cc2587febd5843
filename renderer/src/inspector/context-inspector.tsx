/** The context entries of the selected run (or node in it): keys, values, sizes, TTL, hits; cache metrics. */
import { useEffect, useState } from 'react';
import type { ContextResponse } from '../../../shared/contract.ts';
import { api, errorText } from '../api/backend.ts';
import { shortRunId, useRun } from '../stores/run-store.ts';
import { formatBytes, JsonView } from './json-view.tsx';

function ttl(expiresAt: number | null): string {
  if (expiresAt === null) return '—';
  const left = expiresAt - Date.now();
  return left <= 0 ? 'expired' : left < 60_000 ? `${Math.round(left / 1000)} s` : `${Math.round(left / 60_000)} min`;
}

export function ContextInspector({ nodeId }: { nodeId: string | null }) {
  const selectedRun = useRun((s) => s.selectedRunId);
  const liveRun = useRun((s) => s.runId);
  const status = useRun((s) => s.status);
  const runId = selectedRun ?? liveRun;
  const [onlyNode, setOnlyNode] = useState(false);
  const [data, setData] = useState<ContextResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!runId) return;
    let live = true;
    const req = onlyNode && nodeId ? { runId, nodeId } : { runId };
    api()
      .call('context.get', req)
      .then((r) => live && (setData(r), setError(null)))
      .catch((e: unknown) => live && (setData(null), setError(errorText(e))));
    return () => {
      live = false;
    };
  }, [runId, nodeId, onlyNode, status, tick]);

  if (!runId) return <div className="muted pad">Run the workflow (or pick a run in the Runs tab) to inspect its context.</div>;
  return (
    <div className="context" aria-label="Context inspector">
      <div className="row">
        <span>
          Run <code>{shortRunId(runId)}</code>
        </span>
        <label className="check">
          <input type="checkbox" checked={onlyNode} disabled={!nodeId} onChange={(e) => setOnlyNode(e.target.checked)} /> only {nodeId ?? 'node'}
        </label>
        <button className="small" aria-label="Refresh context" onClick={() => setTick(tick + 1)}>
          ↻
        </button>
      </div>
      {error && <div className="err pad">{error}</div>}
      {data && (
        <>
          <div className="metrics" aria-label="Cache metrics">
            {Object.entries(data.metrics).map(([k, v]) => (
              <div key={k} className="metric">
                <span className="muted">{k}</span>
                <b>{k === 'bytes' ? formatBytes(v) : v}</b>
              </div>
            ))}
          </div>
          {data.outputCache && (
            <div className="metrics" aria-label="Output cache">
              <div className="metric">
                <span className="muted">output cache</span>
                <b>{data.outputCache.entries}</b>
              </div>
              <div className="metric">
                <span className="muted">cache hits</span>
                <b>{data.outputCache.hits}</b>
              </div>
              <div className="metric">
                <span className="muted">cached this run</span>
                <b>{data.outputCache.cachedInRun}</b>
              </div>
            </div>
          )}
          {data.entries.length === 0 && <div className="muted pad">No context entries in {data.scope}.</div>}
          <table className="grid" aria-label="Context entries">
            <thead>
              <tr>
                <th>Key</th>
                <th>Size</th>
                <th>TTL</th>
                <th>Hits</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.key}>
                  <td>
                    <code>{e.key}</code>
                    <JsonView value={e.value} />
                  </td>
                  <td>{formatBytes(e.size)}</td>
                  <td>{ttl(e.expiresAt)}</td>
                  <td>{e.hits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
