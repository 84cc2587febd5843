/** Magnitude short-time Fourier transform with centred, Hann-windowed frames. */
import { RealFft, hann } from './fft.ts';

export interface Spectrogram {
  /** Frame-major magnitudes, `frames × bins`, scaled so a full-scale sine peaks near 1. */
  mag: Float32Array;
  frames: number;
  bins: number;
  nFft: number;
  hop: number;
  sampleRate: number;
}

/** Frame i is centred on sample i·hop (zero padding at both ends), as librosa and madmom do. */
export function stft(x: Float32Array, sampleRate: number, nFft: number, hop: number): Spectrogram {
  const fft = new RealFft(nFft);
  const win = hann(nFft);
  let wsum = 0;
  for (const v of win) wsum += v;
  const scale = 2 / wsum;
  const frames = Math.max(1, Math.floor(x.length / hop) + 1);
  const bins = fft.bins;
  const mag = new Float32Array(frames * bins);
  const frame = fft.frame;
  const half = nFft / 2;
  const row = new Float64Array(bins);
  for (let f = 0; f < frames; f++) {
    const start = f * hop - half;
    if (start >= 0 && start + nFft <= x.length) {
      for (let i = 0; i < nFft; i++) frame[i] = x[start + i]! * win[i]!;
    } else {
      for (let i = 0; i < nFft; i++) {
        const j = start + i;
        frame[i] = j >= 0 && j < x.length ? x[j]! * win[i]! : 0;
      }
    }
    fft.magnitude(row);
    const o = f * bins;
    for (let k = 0; k < bins; k++) mag[o + k] = row[k]! * scale;
  }
  return { mag, frames, bins, nFft, hop, sampleRate };
}

export function binHz(spec: Spectrogram, k: number): number {
  return (k * spec.sampleRate) / spec.nFft;
}
