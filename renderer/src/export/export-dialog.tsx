/** Export the selected audio as WAV, FLAC or MP3, optionally with the workflow embedded. */
import { useState } from 'react';
import type { ExportFormat, ExportResponse } from '../../../shared/contract.ts';
import { api, errorText } from '../api/backend.ts';
import { withToken } from '../api/client.ts';
import { currentWorkflow } from '../editor/session.ts';
import { safeFileName } from '../editor/file-io.ts';
import { useRun } from '../stores/run-store.ts';
import { useUi } from '../stores/ui-store.ts';
import { useGraph } from '../stores/graph-store.ts';

export function ExportDialog({ nodeId }: { nodeId: string }) {
  const node = useGraph((s) => s.nodes.find((n) => n.id === nodeId));
  const outputs = useRun((s) => s.nodes[nodeId]?.outputs);
  const hash = outputs ? (Object.values(outputs)[0] ?? null) : null;
  const [format, setFormat] = useState<ExportFormat>('wav');
  const [bitDepth, setBitDepth] = useState<16 | 24 | 32>(24);
  const [bitrate, setBitrate] = useState(192);
  const [embed, setEmbed] = useState(true);
  const [name, setName] = useState(safeFileName(node?.data.title ?? 'export'));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResponse | null>(null);
  const close = () => useUi.getState().openDialog(null);

  const go = async () => {
    if (!hash) return;
    setBusy(true);
    try {
      const res = await api().call('export.audio', {
        hash,
        format,
        name,
        ...(format === 'mp3' ? { bitrate } : { bitDepth: format === 'flac' && bitDepth === 32 ? 24 : bitDepth }),
        ...(embed && format !== 'mp3' ? { embedWorkflow: true, workflow: currentWorkflow() } : {}),
      });
      setResult(res);
      useUi.getState().toast('success', `Exported ${res.name}`);
    } catch (err) {
      useUi.getState().toast('error', `Export failed: ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop" onClick={close}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Export audio" onClick={(e) => e.stopPropagation()}>
        <h3>Export “{node?.data.title ?? nodeId}”</h3>
        {!hash && <div className="err">Run the workflow first: this node has no audio yet.</div>}
        <label className="field">
          <span>File name</span>
          <input aria-label="File name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset className="field">
          <legend>Format</legend>
          {(['wav', 'flac', 'mp3'] as const).map((f) => (
            <label key={f} className="check">
              <input type="radio" name="fmt" aria-label={f.toUpperCase()} checked={format === f} onChange={() => setFormat(f)} /> {f.toUpperCase()}
            </label>
          ))}
        </fieldset>
        {format !== 'mp3' ? (
          <label className="field">
            <span>Bit depth</span>
            <select aria-label="Bit depth" value={bitDepth} onChange={(e) => setBitDepth(Number(e.target.value) as 16 | 24 | 32)}>
              <option value={16}>16-bit</option>
              <option value={24}>24-bit</option>
              {format === 'wav' && <option value={32}>32-bit float</option>}
            </select>
          </label>
        ) : (
          <label className="field">
            <span>Bitrate</span>
            <select aria-label="Bitrate" value={bitrate} onChange={(e) => setBitrate(Number(e.target.value))}>
              {[128, 192, 256, 320].map((b) => (
                <option key={b} value={b}>
                  {b} kbit/s
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="check">
          <input type="checkbox" aria-label="Embed workflow" checked={embed && format !== 'mp3'} disabled={format === 'mp3'} onChange={(e) => setEmbed(e.target.checked)} /> Embed workflow
        </label>
        {result && (
          <div className="export-result" aria-label="Export result">
            Wrote <code>{result.path}</code> ({Math.round(result.size / 1024)} KiB){' '}
            <a href={withToken(result.url)} download={result.name}>
              Download
            </a>
          </div>
        )}
        <div className="dialog-actions">
          <button className="btn" onClick={close}>
            Close
          </button>
          <button className="btn primary" aria-label="Export file" disabled={!hash || busy} onClick={() => void go()}>
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </div>
    </div>
  );
}
