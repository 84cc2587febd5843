/** Magnitude short-time Fourier transform with centred, Hann-windowed frames. */
import { PairedRealFft, hann } from './fft.ts';

export interface Spectrogram {
  /** Frame-major magnitudes, `frames × bins`, scaled so a full-scale sine peaks near 1. */
  mag: Float32Array;
  frames: number;
  bins: number;
  nFft: number;
  hop: number;
  sampleRate: number;
}

/**
 * Frame i is centred on sample i·hop (zero padding at both ends), as librosa and madmom do. Frames are
 * transformed two at a time (PairedRealFft), straight into the output rows.
 */
export function stft(x: Float32Array, sampleRate: number, nFft: number, hop: number): Spectrogram {
  const fft = new PairedRealFft(nFft);
  const win = hann(nFft);
  let wsum = 0;
  for (const v of win) wsum += v;
  const scale = 2 / wsum;
  const frames = Math.max(1, Math.floor(x.length / hop) + 1);
  const bins = fft.bins;
  const mag = new Float32Array(frames * bins);
  const z = fft.packed;
  const half = nFft / 2;
  for (let f = 0; f < frames; f += 2) {
    fillFrame(z, 0, x, f * hop - half, win);
    if (f + 1 < frames) fillFrame(z, 1, x, (f + 1) * hop - half, win);
    else for (let i = 0; i < nFft; i++) z[2 * i + 1] = 0;
    if (f + 1 < frames) fft.magnitudes(mag, f * bins, mag, (f + 1) * bins, scale);
    else fft.magnitudes(mag, f * bins, scratchRow(bins), 0, scale);
  }
  return { mag, frames, bins, nFft, hop, sampleRate };
}

let scratch: Float32Array | undefined;
function scratchRow(bins: number): Float32Array {
  if (!scratch || scratch.length < bins) scratch = new Float32Array(bins);
  return scratch;
}

/** Windowed frame starting at `start` (zero outside x) into the real (slot 0) or imaginary (slot 1) lane. */
function fillFrame(z: Float64Array, slot: 0 | 1, x: Float32Array, start: number, win: Float64Array): void {
  const n = win.length;
  if (start >= 0 && start + n <= x.length) {
    for (let i = 0; i < n; i++) z[2 * i + slot] = x[start + i]! * win[i]!;
  } else {
    for (let i = 0; i < n; i++) {
      const j = start + i;
      z[2 * i + slot] = j >= 0 && j < x.length ? x[j]! * win[i]! : 0;
    }
  }
}

/**
 * An empty spectrogram laid out as stft() would make it, for filling row by row with hannRow() from
 * unwindowed frame spectra computed elsewhere (the pitch tracker's, see YinOptions.onSpectrum).
 */
export function emptySpectrogram(length: number, sampleRate: number, nFft: number, hop: number): Spectrogram {
  const frames = Math.max(1, Math.floor(length / hop) + 1);
  const bins = nFft / 2 + 1;
  return { mag: new Float32Array(frames * bins), frames, bins, nFft, hop, sampleRate };
}

/**
 * Row `frame` of the spectrogram from the frame's unwindowed spectrum X (k = 0..N/2, interleaved): the
 * periodic Hann window is, in frequency, the kernel (−¼, ½, −¼), so |Xw[k]| = |½X[k] − ¼(X[k−1] + X[k+1])|,
 * with X[−1] = conj X[1] and X[N/2+1] = conj X[N/2−1] (real frames). Same scaling as stft().
 */
export function hannRow(spec: Spectrogram, frame: number, X: Float64Array): void {
  const { bins, mag } = spec, half = bins - 1;
  const scale = 2 / (spec.nFft / 2); // Σ of the periodic Hann window is N/2
  const o = frame * bins;
  // the ends use the mirrored neighbours: X[−1] = conj X[1], X[N/2+1] = conj X[N/2−1]
  let re = 0.5 * X[0]! - 0.5 * X[2]!, im = 0.5 * X[1]!;
  mag[o] = scale * Math.sqrt(re * re + im * im);
  re = 0.5 * X[2 * half]! - 0.5 * X[2 * half - 2]!;
  im = 0.5 * X[2 * half + 1]!;
  mag[o + half] = scale * Math.sqrt(re * re + im * im);
  for (let k = 1; k < half; k++) {
    re = 0.5 * X[2 * k]! - 0.25 * (X[2 * k - 2]! + X[2 * k + 2]!);
    im = 0.5 * X[2 * k + 1]! - 0.25 * (X[2 * k - 1]! + X[2 * k + 3]!);
    mag[o + k] = scale * Math.sqrt(re * re + im * im);
  }
}

export function binHz(spec: Spectrogram, k: number): number {
  return (k * spec.sampleRate) / spec.nFft;
}
