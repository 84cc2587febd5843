/**
 * The waveform of the selected audio: back-end peaks drawn by wavesurfer.js (no decoding in the
 * browser), zoom, scroll, play/pause (Space), drag-to-create regions, beat and onset markers, and
 * the analysis readout.
 */
import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/plugins/regions';
import type { Analysis } from '../../../shared/analysis.ts';
import type { PeaksResponse } from '../../../shared/contract.ts';
import { api, errorText } from '../api/backend.ts';
import { useUi } from '../stores/ui-store.ts';
import { AnalysisReadout } from './analysis-readout.tsx';
import { setPlayer } from './playback.ts';
import { useSelectedAudio } from './selected-audio.ts';

const MAX_MARKERS = 400;

export function WaveformPanel() {
  const audio = useSelectedAudio();
  const box = useRef<HTMLDivElement>(null);
  const ws = useRef<WaveSurfer | null>(null);
  const regions = useRef<ReturnType<typeof RegionsPlugin.create> | null>(null);
  const [peaks, setPeaks] = useState<PeaksResponse | null>(null);
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [zoom, setZoom] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [ready, setReady] = useState(false);
  const [showBeats, setShowBeats] = useState(true);
  const [showOnsets, setShowOnsets] = useState(false);

  const hash = audio?.hash ?? null;
  const assetId = audio?.assetId ?? null;
  const url = audio?.url ?? null;
  const analysisHash = audio?.analysisHash ?? null;

  useEffect(() => {
    setPeaks(null);
    setError(null);
    if (!hash && !assetId) return;
    let live = true;
    api()
      .call('audio.peaks', hash ? { hash, buckets: 4000 } : { assetId: assetId!, buckets: 4000 })
      .then((p) => live && setPeaks(p))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [hash, assetId]);

  useEffect(() => {
    setAnalysis(null);
    if (!analysisHash) return;
    let live = true;
    api()
      .call('analysis.get', { hash: analysisHash })
      .then((a) => live && setAnalysis(a as unknown as Analysis))
      .catch((e: unknown) => live && useUi.getState().setStatus(`Analysis unavailable: ${errorText(e)}`));
    return () => {
      live = false;
    };
  }, [analysisHash]);

  // One wavesurfer per loaded audio; destroyed when the audio changes or the panel goes.
  useEffect(() => {
    if (!box.current || !peaks) return;
    const reg = RegionsPlugin.create();
    const w = WaveSurfer.create({
      container: box.current,
      height: 120,
      waveColor: '#38bdf8',
      progressColor: '#0ea5e9',
      cursorColor: '#f8fafc',
      barWidth: 2,
      barGap: 1,
      barRadius: 1,
      normalize: true,
      dragToSeek: true,
      peaks: peaks.peaks,
      duration: peaks.duration,
      ...(url ? { url } : {}),
      plugins: [reg],
    });
    reg.enableDragSelection({ color: 'rgba(245, 158, 11, 0.18)' });
    w.on('play', () => setPlaying(true));
    w.on('pause', () => setPlaying(false));
    w.on('finish', () => setPlaying(false));
    w.on('timeupdate', (t) => setTime(t));
    w.on('ready', () => {
      setReady(true);
      if (zoomRef.current > 0) w.zoom(zoomRef.current);
    });
    ws.current = w;
    regions.current = reg;
    setPlayer({ playPause: () => (url ? w.playPause() : useUi.getState().setStatus('This audio has no playable source yet.')) });
    return () => {
      setPlayer(null);
      ws.current = null;
      regions.current = null;
      w.destroy();
      setPlaying(false);
      setTime(0);
      setReady(false);
    };
  }, [peaks, url]);

  // wavesurfer can zoom only once it holds the audio; until then the 'ready' handler applies it.
  const zoomRef = useRef(zoom);
  zoomRef.current = zoom;
  useEffect(() => {
    const w = ws.current;
    if (w && w.getDecodedData()) w.zoom(zoom);
  }, [zoom, peaks]);

  // Beat and onset markers as zero-length regions (kept apart from the user's own regions).
  useEffect(() => {
    const reg = regions.current;
    if (!reg || !ready) return;
    for (const r of reg.getRegions()) if (r.id.startsWith('m-')) r.remove();
    if (!analysis) return;
    if (showBeats) analysis.beats.slice(0, MAX_MARKERS).forEach((t, i) => reg.addRegion({ id: `m-b${i}`, start: t, color: 'rgba(245,158,11,0.9)', drag: false, resize: false }));
    if (showOnsets) analysis.onsets.slice(0, MAX_MARKERS).forEach((t, i) => reg.addRegion({ id: `m-o${i}`, start: t, color: 'rgba(167,139,250,0.7)', drag: false, resize: false }));
  }, [analysis, showBeats, showOnsets, ready]);

  return (
    <section className="waveform panel" aria-label="Waveform panel">
      <div className="wave-head">
        <div className="panel-title">{audio ? audio.title : 'Waveform'}</div>
        <button className="btn" aria-label={playing ? 'Pause' : 'Play'} title="Play/Pause (Space)" disabled={!peaks} onClick={() => void ws.current?.playPause()}>
          {playing ? '❚❚' : '▶'}
        </button>
        <span className="time">
          {time.toFixed(2)} / {peaks ? peaks.duration.toFixed(2) : '0.00'} s
        </span>
        <label className="zoom">
          Zoom
          <input type="range" min={0} max={400} step={10} value={zoom} aria-label="Zoom" onChange={(e) => setZoom(Number(e.target.value))} />
        </label>
        <label className="check">
          <input type="checkbox" checked={showBeats} onChange={(e) => setShowBeats(e.target.checked)} /> beats
        </label>
        <label className="check">
          <input type="checkbox" checked={showOnsets} onChange={(e) => setShowOnsets(e.target.checked)} /> onsets
        </label>
        <button className="btn" aria-label="Clear regions" disabled={!peaks} onClick={() => regions.current?.getRegions().forEach((r) => !r.id.startsWith('m-') && r.remove())}>
          Clear regions
        </button>
      </div>
      {!audio && <div className="muted pad">Select an audio node (drop a WAV/FLAC on the canvas) to see its waveform.</div>}
      {audio && !peaks && !error && <div className="muted pad">{hash || assetId ? 'Loading peaks…' : 'Run the workflow to produce this audio.'}</div>}
      {error && <div className="err pad">{error}</div>}
      <div ref={box} className="wave-box" aria-label="Waveform" role="img" data-ready={ready ? 'true' : 'false'} data-duration={peaks?.duration ?? ''} />
      <AnalysisReadout analysis={analysis} />
    </section>
  );
}
