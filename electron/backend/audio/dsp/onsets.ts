/**
 * Onset detection: SuperFlux (Böck & Widmer, DAFx 2013), a spectral-flux method, with adaptive peak
 * picking (local maximum, above a moving average plus a margin, a minimum gap), as in librosa/madmom.
 *
 * Log-filtered spectrogram: 24 log-spaced triangular bands per octave, log10(1 + mag·N/4) (with mag scaled
 * so a full-scale sine reads 1, N/4 reproduces madmom's float-normalised magnitudes); a 3-band maximum
 * filter along frequency suppresses vibrato; the flux is the half-wave-rectified difference to the frame
 * one lag earlier (lag from where the window falls to half its height), summed over bands.
 */
import type { Spectrogram } from './stft.ts';
import { applyFilterbank, logFilterbank } from './filterbank.ts';

export interface OnsetEnvelope {
  /** Onset strength per STFT frame (≥ 0). */
  strength: Float32Array;
  /** Frames per second. */
  fps: number;
}

export function superFlux(spec: Spectrogram): OnsetEnvelope {
  const fb = logFilterbank(spec.nFft, spec.sampleRate, 24, 30, Math.min(16_000, spec.sampleRate / 2 - 1));
  const B = fb.bands;
  const mul = spec.nFft / 4;
  const lag = Math.max(1, Math.round(spec.nFft / 4 / spec.hop));
  const frames = spec.frames;
  const logSpec = new Float32Array(frames * B);
  const band = new Float32Array(B);
  for (let f = 0; f < frames; f++) {
    applyFilterbank(fb, spec.mag, f * spec.bins, band);
    for (let b = 0; b < B; b++) logSpec[f * B + b] = Math.log10(1 + mul * band[b]!);
  }
  const strength = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    const cur = f * B, prev = (f - lag) * B;
    let acc = 0;
    if (f < lag) {
      // before the start is silence, so the first frames' flux is their whole level (an onset at 0 counts)
      for (let b = 0; b < B; b++) acc += logSpec[cur + b]!;
      strength[f] = acc;
      continue;
    }
    for (let b = 0; b < B; b++) {
      // maximum filter (width 3 bands) on the reference frame
      let ref = logSpec[prev + b]!;
      if (b > 0 && logSpec[prev + b - 1]! > ref) ref = logSpec[prev + b - 1]!;
      if (b + 1 < B && logSpec[prev + b + 1]! > ref) ref = logSpec[prev + b + 1]!;
      const d = logSpec[cur + b]! - ref;
      if (d > 0) acc += d;
    }
    strength[f] = acc;
  }
  // The first frames compare the whole level against silence; keep them on the scale of the rest, so they
  // mark an onset at the start without dwarfing every later flux (the peak picker scales by the maximum).
  let restMax = 0;
  for (let f = lag; f < frames; f++) if (strength[f]! > restMax) restMax = strength[f]!;
  for (let f = 0; f < Math.min(lag, frames); f++) if (restMax > 0 && strength[f]! > restMax) strength[f] = restMax;
  return { strength, fps: spec.sampleRate / spec.hop };
}

export interface PeakPickOptions {
  preMaxS: number;
  postMaxS: number;
  preAvgS: number;
  postAvgS: number;
  /** Margin above the moving average, as a fraction of the envelope's maximum. */
  delta: number;
  waitS: number;
}

/** librosa's onset_detect defaults. */
export const DEFAULT_PEAK_PICK: PeakPickOptions = { preMaxS: 0.03, postMaxS: 0.03, preAvgS: 0.1, postAvgS: 0.1, delta: 0.07, waitS: 0.03 };

/** Adaptive peak picking on an onset envelope; returns frame indices. */
export function pickPeaks(env: OnsetEnvelope, opts: PeakPickOptions = DEFAULT_PEAK_PICK): number[] {
  const x = env.strength;
  const n = x.length;
  let max = 0;
  for (let i = 0; i < n; i++) if (x[i]! > max) max = x[i]!;
  if (max <= 0) return [];
  const fr = (s: number): number => Math.max(0, Math.round(s * env.fps));
  const preMax = Math.max(1, fr(opts.preMaxS)), postMax = Math.max(1, fr(opts.postMaxS));
  const preAvg = fr(opts.preAvgS), postAvg = fr(opts.postAvgS), wait = fr(opts.waitS);
  const delta = opts.delta * max;
  // running sums for the moving average
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i]! + x[i]!;
  const peaks: number[] = [];
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v <= 0) continue;
    let isMax = true;
    for (let j = Math.max(0, i - preMax); j < Math.min(n, i + postMax + 1); j++) if (x[j]! > v) { isMax = false; break; }
    if (!isMax) continue;
    const a0 = Math.max(0, i - preAvg), a1 = Math.min(n, i + postAvg + 1);
    const avg = (cum[a1]! - cum[a0]!) / (a1 - a0);
    if (v < avg + delta) continue;
    if (i - last <= wait) continue;
    peaks.push(i);
    last = i;
  }
  return peaks;
}

/** Onset times in seconds (frame centres). */
export function detectOnsets(spec: Spectrogram, opts?: PeakPickOptions): { times: number[]; envelope: OnsetEnvelope } {
  const envelope = superFlux(spec);
  const times = pickPeaks(envelope, opts).map((f) => (f * spec.hop) / spec.sampleRate);
  return { times, envelope };
}
