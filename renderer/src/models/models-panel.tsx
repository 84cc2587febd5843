/**
 * The Models panel: a "Models" button (bottom right, over the status bar) opens a drawer with every
 * local model — state badge, provider (and why CUDA fell back), size, license, circuit-breaker
 * state — with Install (optional source URL), a live progress bar with bytes and ETA, Cancel,
 * Remove, and the model's last error.
 */
import { memo, useEffect, useState } from 'react';
import type { ModelInfo } from '../api/client.ts';
import { connectModelEvents, formatBytes, formatEta, useModels } from './models-store.ts';
import './models.css';

/** Back-end paths in messages shown by their file name (the full text stays in the tooltip). */
function shortPaths(message: string): string {
  return message.replace(/(?<=^|[\s(])(?:[A-Za-z]:)?[\\/](?:[^\s\\/:]+[\\/])+([^\s\\/:]+)/g, '$1');
}

function ProgressCell({ id }: { id: string }) {
  const p = useModels((s) => s.progress[id]);
  if (!p) return <span className="muted">starting…</span>;
  const pct = p.total ? Math.min(100, Math.round((p.bytes / p.total) * 100)) : 0;
  return (
    <div className="mp-progress">
      <div className="progress" role="progressbar" aria-label={`${id} download progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div style={{ width: `${pct}%` }} />
      </div>
      <span className="muted small-text">
        {formatBytes(p.bytes)} / {formatBytes(p.total)} · {formatEta(p.etaMs)}
      </span>
    </div>
  );
}

function Actions({ m }: { m: ModelInfo }) {
  const busy = useModels((s) => s.busy[m.id]);
  const { install, cancel, remove } = useModels.getState();
  const [source, setSource] = useState('');
  if (m.state === 'installing') {
    return (
      <div className="mp-actions">
        <ProgressCell id={m.id} />
        <button className="btn" aria-label={`Cancel install of ${m.id}`} disabled={busy !== undefined} onClick={() => void cancel(m.id)}>
          Cancel
        </button>
      </div>
    );
  }
  if (m.installed) {
    return (
      <div className="mp-actions">
        {m.source === 'npm' ? (
          <span className="muted small-text">bundled (npm)</span>
        ) : (
          <button className="btn" aria-label={`Remove ${m.id}`} disabled={busy !== undefined || m.state === 'processing'} onClick={() => void remove(m.id)}>
            Remove
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="mp-actions">
      {m.installable && (
        <input className="mp-source" aria-label={`Source for ${m.id}`} placeholder="registry URL" value={source} onChange={(e) => setSource(e.target.value)} />
      )}
      <button
        className="btn primary"
        aria-label={`Install ${m.id}`}
        title={m.installBlockedReason ?? `Download ${m.id}, verify its sha256 and install it`}
        disabled={!m.installable || busy !== undefined}
        onClick={() => void install(m.id, source.trim() || undefined)}
      >
        Install
      </button>
      {m.installBlockedReason && <span className="muted small-text mp-blocked">{m.installBlockedReason}</span>}
    </div>
  );
}

const ModelRow = memo(function ModelRow({ m }: { m: ModelInfo }) {
  return (
    <tr data-model-id={m.id} data-state={m.state} aria-label={m.id}>
      <td>
        <div className="mp-id">{m.id}</div>
        <div className="muted small-text">
          {m.task} · {m.version}
        </div>
      </td>
      <td>
        <span className={`badge ms-${m.state}`} aria-label={`state ${m.state}`}>
          {m.state}
        </span>
        {m.lastError && (
          <div className="err small-text mp-error" role="alert" aria-label={`${m.id} error`} title={m.lastError.message}>
            {m.lastError.code}: {shortPaths(m.lastError.message)}
          </div>
        )}
      </td>
      <td title={m.providerFallbackReason ?? `supports ${m.providers.join(', ')}`}>
        <span className="mp-provider">{m.provider}</span>
        {m.providerFallbackReason && <div className="muted small-text mp-reason">CUDA fallback: {m.providerFallbackReason}</div>}
      </td>
      <td className="mp-nowrap">{formatBytes(m.sizeBytes)}</td>
      <td className="mp-nowrap">{m.license}</td>
      <td>
        <span className={`badge br-${m.breaker}`} aria-label={`breaker ${m.breaker}`}>
          {m.breaker}
        </span>
      </td>
      <td>
        <Actions m={m} />
      </td>
    </tr>
  );
});

export function ModelsPanel() {
  const open = useModels((s) => s.open);
  const models = useModels((s) => s.models);
  const loaded = useModels((s) => s.loaded);
  const callError = useModels((s) => s.callError);
  const setOpen = useModels((s) => s.setOpen);
  useEffect(() => {
    if (open) connectModelEvents();
  }, [open]);
  return (
    <>
      <button className="mp-toggle" aria-label="Models" aria-expanded={open} onClick={() => setOpen(!open)}>
        ◆ Models
      </button>
      {open && (
        <section className="models-panel" role="dialog" aria-label="Models panel">
          <header className="mp-head">
            <span className="panel-title">Local models</span>
            <button className="btn" aria-label="Refresh models" onClick={() => void useModels.getState().refresh()}>
              Refresh
            </button>
            <button className="btn" aria-label="Close models panel" onClick={() => setOpen(false)}>
              ✕
            </button>
          </header>
          {callError && (
            <div className="err pad" role="alert">
              {callError}
            </div>
          )}
          {!loaded && <div className="muted pad">Loading…</div>}
          {loaded && (
            <div className="mp-scroll">
              <table className="grid mp-table" aria-label="Models">
                <thead>
                  <tr>
                    <th>Model</th>
                    <th>State</th>
                    <th>Provider</th>
                    <th>Size</th>
                    <th>License</th>
                    <th>Breaker</th>
                    <th>Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {models.map((m) => (
                    <ModelRow key={m.id} m={m} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
