/** The top bar: file, edit and run commands (all registered actions), run progress and ETA. */
import { useState } from 'react';
import { getAction } from '../actions/registry.ts';
import { shortcutText } from '../actions/registry.ts';
import { openSaved } from '../actions/editor-actions.ts';
import { refreshRecent, useSession } from '../editor/session.ts';
import { useGraph } from '../stores/graph-store.ts';
import type { GraphState } from '../stores/graph-store.ts';
import { ms, useRun } from '../stores/run-store.ts';
import { useSelectedAudio } from '../waveform/selected-audio.ts';

const selEnabledKey = (s: GraphState) => `${s.past.length}|${s.future.length}|${s.nodes.length}|${s.nodes.some((n) => n.selected)}|${s.edges.some((e) => e.selected)}`;

function ActionButton({ name, primary, icon }: { name: string; primary?: boolean; icon?: string; stateKey: string }) {
  const a = getAction(name);
  if (!a) return null;
  const enabled = !a.enabled || a.enabled();
  const keys = shortcutText(a);
  return (
    <button className={primary ? 'btn primary' : 'btn'} aria-label={a.label} title={keys ? `${a.label} (${keys})` : a.label} disabled={!enabled} onClick={() => void a.perform()}>
      {icon && <span aria-hidden="true" className="icon">{icon}</span>}
      {a.label}
    </button>
  );
}

function RecentMenu() {
  const recent = useSession((s) => s.recent);
  const [open, setOpen] = useState(false);
  return (
    <div className="menu">
      <button
        className="btn"
        aria-label="Recent workflows"
        aria-expanded={open}
        onClick={() => {
          if (!open) void refreshRecent();
          setOpen(!open);
        }}
      >
        Recent ▾
      </button>
      {open && (
        <ul className="menu-list" role="menu" aria-label="Recent workflows list">
          {recent.length === 0 && <li className="muted pad">Nothing saved yet.</li>}
          {recent.map((r) => (
            <li key={r.id} role="menuitem">
              <button
                onClick={() => {
                  setOpen(false);
                  void openSaved(r.id);
                }}
              >
                {r.name} <span className="muted">{new Date(r.updatedAt).toLocaleString()}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function RunStatus() {
  const status = useRun((s) => s.status);
  const progress = useRun((s) => s.progress);
  const eta = useRun((s) => s.etaMs);
  if (!status) return <div className="runstat muted">No run yet</div>;
  const pct = Math.round(progress.fraction * 100);
  return (
    <div className={`runstat rs-${status}`} aria-label="Run status">
      <span className={`badge st-${status}`}>{status}</span>
      <div className="progress wide" role="progressbar" aria-label="Run progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div style={{ width: `${pct}%` }} />
      </div>
      <span className="muted">
        {progress.done}/{progress.total}
        {status === 'running' && eta !== null ? ` · ETA ${ms(eta)}` : ''}
      </span>
    </div>
  );
}

export function Toolbar() {
  const name = useGraph((s) => s.name);
  // Buttons re-render when the state that decides their `enabled` changes.
  const audio = useSelectedAudio();
  const k = `${useGraph(selEnabledKey)}|${useRun((s) => s.status)}|${audio?.hash ?? ''}`;
  return (
    <header className="toolbar">
      <div className="brand" aria-label="grym-synth">
        <span className="logo">◢◤</span> grym<span className="dim">synth</span>
      </div>
      <input className="wf-name" aria-label="Workflow name" value={name} onChange={(e) => useGraph.getState().setName(e.target.value)} />
      <div className="group">
        <ActionButton stateKey={k} name="open" />
        <ActionButton stateKey={k} name="save" />
        <RecentMenu />
      </div>
      <div className="group">
        <ActionButton stateKey={k} name="undo" icon="↶" />
        <ActionButton stateKey={k} name="redo" icon="↷" />
        <ActionButton stateKey={k} name="delete" />
      </div>
      <div className="group">
        <ActionButton stateKey={k} name="run" primary icon="▶" />
        <ActionButton stateKey={k} name="runToSelected" icon="⇥" />
        <ActionButton stateKey={k} name="stop" icon="■" />
        <ActionButton stateKey={k} name="export" icon="⇪" />
      </div>
      <RunStatus />
    </header>
  );
}
