/** Tempo, key and loudness from the analysis output of the selected audio. */
import type { Analysis } from '../../../shared/analysis.ts';

export function AnalysisReadout({ analysis }: { analysis: Analysis | null }) {
  if (!analysis) return <div className="readout muted" aria-label="Analysis">Connect the audio to an analyze node and run to see tempo, key and loudness.</div>;
  const key = analysis.key ? `${analysis.key.tonic} ${analysis.key.mode}` : '—';
  return (
    <div className="readout" aria-label="Analysis">
      <div className="metric" aria-label="Tempo">
        <span className="muted">Tempo</span>
        <b>{analysis.tempoBpm > 0 ? `${analysis.tempoBpm.toFixed(1)} BPM` : '—'}</b>
      </div>
      <div className="metric" aria-label="Key">
        <span className="muted">Key</span>
        <b>{key}</b>
        {analysis.key && <span className="muted"> {Math.round(analysis.key.confidence * 100)}%</span>}
      </div>
      <div className="metric" aria-label="Loudness">
        <span className="muted">Loudness</span>
        <b>{analysis.loudness.integratedLufs.toFixed(1)} LUFS</b>
      </div>
      <div className="metric" aria-label="True peak">
        <span className="muted">True peak</span>
        <b>{analysis.loudness.truePeakDbtp.toFixed(1)} dBTP</b>
      </div>
      <div className="metric">
        <span className="muted">Beats / onsets</span>
        <b>
          {analysis.beats.length} / {analysis.onsets.length}
        </b>
      </div>
    </div>
  );
}
