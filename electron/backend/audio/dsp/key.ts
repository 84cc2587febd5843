/**
 * Key estimation: a chroma vector from spectral peaks (HPCP-like: each peak's magnitude spread over the
 * nearest pitch classes with a cos² window one semitone wide, 55 Hz–2.1 kHz, A4 = 440 Hz), summed over the
 * piece, correlated (Pearson) with the 24 rotations of the corpus-derived major and minor key profiles of
 * Albrecht & Shanahan (2013; Temperley-style, built to tell minor keys apart). Tonic and mode come from the
 * best correlation. (Krumhansl–Kessler profiles score a little lower on our eval set; Temperley's
 * Kostka–Payne profiles confuse relative keys more often there.)
 */
import { PitchClassNames, type KeyEstimate } from '../../../../shared/analysis.ts';
import type { Spectrogram } from './stft.ts';

const MAJOR = [0.238, 0.006, 0.111, 0.006, 0.137, 0.094, 0.016, 0.214, 0.009, 0.08, 0.008, 0.081];
const MINOR = [0.22, 0.006, 0.104, 0.123, 0.019, 0.103, 0.012, 0.214, 0.062, 0.022, 0.061, 0.052];
const FMIN = 55;
const FMAX = 2100;

/** Summed chroma (index 0 = C) over all frames of a magnitude spectrogram. */
export function chroma(spec: Spectrogram): Float64Array {
  const c = new Float64Array(12);
  const hzPerBin = spec.sampleRate / spec.nFft;
  const k0 = Math.max(2, Math.floor(FMIN / hzPerBin));
  const k1 = Math.min(spec.bins - 2, Math.ceil(FMAX / hzPerBin));
  for (let f = 0; f < spec.frames; f++) {
    const o = f * spec.bins;
    let frameMax = 0;
    for (let k = k0; k <= k1; k++) if (spec.mag[o + k]! > frameMax) frameMax = spec.mag[o + k]!;
    if (frameMax <= 1e-5) continue;
    const floor = frameMax * 1e-2; // peaks within 40 dB of the frame's strongest
    for (let k = k0; k <= k1; k++) {
      const m = spec.mag[o + k]!;
      if (m < floor || m <= spec.mag[o + k - 1]! || m < spec.mag[o + k + 1]!) continue;
      // parabolic peak position
      const a = spec.mag[o + k - 1]!, b = m, cc = spec.mag[o + k + 1]!;
      const den = a - 2 * b + cc;
      const p = den < 0 ? (0.5 * (a - cc)) / den : 0;
      const hz = (k + p) * hzPerBin;
      const midi = 69 + 12 * Math.log2(hz / 440);
      const nearest = Math.round(midi);
      for (let n = nearest - 1; n <= nearest + 1; n++) {
        const dist = Math.abs(midi - n);
        if (dist >= 1) continue;
        const w = Math.cos((Math.PI / 2) * dist) ** 2;
        c[((n % 12) + 12) % 12]! += w * b;
      }
    }
  }
  return c;
}

function pearson(x: ArrayLike<number>, y: ArrayLike<number>, rot: number): number {
  let mx = 0, my = 0;
  for (let i = 0; i < 12; i++) { mx += x[i]!; my += y[i]!; }
  mx /= 12; my /= 12;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < 12; i++) {
    const a = x[(i + rot) % 12]! - mx, b = y[i]! - my;
    sxy += a * b; sxx += a * a; syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Best key for a chroma vector; null when the chroma is empty. Confidence: the winning correlation (0..1). */
export function keyFromChroma(c: ArrayLike<number>): KeyEstimate | null {
  let total = 0;
  for (let i = 0; i < 12; i++) total += c[i]!;
  if (!(total > 0)) return null;
  let best = { r: -Infinity, tonic: 0, minor: false };
  for (let t = 0; t < 12; t++) {
    for (const minor of [false, true]) {
      const r = pearson(c, minor ? MINOR : MAJOR, t);
      if (r > best.r) best = { r, tonic: t, minor };
    }
  }
  return { tonic: PitchClassNames[best.tonic]!, mode: best.minor ? 'minor' : 'major', confidence: Math.max(0, Math.min(1, best.r)) };
}
