/** The app's modal dialogs and toasts. */
import { openWorkflow } from '../editor/session.ts';
import { ExportDialog } from '../export/export-dialog.tsx';
import { useUi } from '../stores/ui-store.ts';

export function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  if (!dialog) return null;
  if (dialog.kind === 'export') return <ExportDialog nodeId={dialog.nodeId} />;
  const close = () => useUi.getState().openDialog(null);
  return (
    <div className="dialog-backdrop" onClick={close}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Embedded workflow" onClick={(e) => e.stopPropagation()}>
        <h3>Workflow found in {dialog.fileName}</h3>
        <p>This file carries the workflow that made it. Open that workflow? It replaces the current graph, so save that first if you want to keep it.</p>
        <div className="dialog-actions">
          <button className="btn" onClick={close}>
            Keep current
          </button>
          <button
            className="btn primary"
            aria-label="Open embedded workflow"
            onClick={() => {
              close();
              if (openWorkflow(dialog.workflow)) useUi.getState().toast('success', `Opened the workflow from ${dialog.fileName}`);
            }}
          >
            Open workflow
          </button>
        </div>
      </div>
    </div>
  );
}

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          <span>{t.text}</span>
          {t.action && (
            <button className="small" onClick={t.action.perform}>
              {t.action.label}
            </button>
          )}
          <button className="small ghost" aria-label="Dismiss" onClick={() => useUi.getState().dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

export function StatusBar() {
  const status = useUi((s) => s.status);
  return (
    <footer className="statusbar" role="status" aria-label="Status">
      {status}
    </footer>
  );
}
