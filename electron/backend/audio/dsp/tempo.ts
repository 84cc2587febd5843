/**
 * Global tempo from an onset-strength envelope: the envelope's autocorrelation, harmonically enhanced
 * (EAC(τ) = A(τ) + A(2τ) + A(4τ), after Tzanetakis and Percival & Tzanetakis 2014, so a tempo is backed by
 * the periodicities of its bar-level multiples), weighted by a log-normal tempo prior centred at 120 BPM
 * with a one-octave deviation (librosa's default), maximised over 30–300 BPM with parabolic refinement.
 */
import { ComplexFft } from './fft.ts';

export const TEMPO_MIN_BPM = 30;
export const TEMPO_MAX_BPM = 300;
const PRIOR_BPM = 120;
const PRIOR_OCTAVES = 1;

/** Normalised autocorrelation (biased estimator, A(0) = 1) of a zero-mean copy of `x`, up to `maxLag`. */
export function autocorrelation(x: Float32Array, maxLag: number): Float64Array {
  const n = x.length;
  let size = 4;
  while (size < 2 * n) size *= 2;
  const fft = new ComplexFft(size);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= Math.max(1, n);
  const input = new Float64Array(size);
  for (let i = 0; i < n; i++) input[i] = x[i]! - mean;
  const spec = new Float64Array(2 * size);
  fft.forwardReal(spec, input);
  for (let k = 0; k < size; k++) {
    const re = spec[2 * k]!, im = spec[2 * k + 1]!;
    spec[2 * k] = re * re + im * im;
    spec[2 * k + 1] = 0;
  }
  const out = new Float64Array(2 * size);
  fft.inverse(out, spec);
  const lags = Math.min(maxLag, n - 1) + 1;
  const acf = new Float64Array(Math.max(1, lags));
  const a0 = out[0]!;
  for (let l = 0; l < lags; l++) acf[l] = a0 > 0 ? out[2 * l]! / a0 : 0;
  return acf;
}

export interface TempoEstimate {
  bpm: number;
  /** Beat period in envelope frames (fractional). */
  periodFrames: number;
  /** The winning score over the mean score in range: how clearly one periodicity stands out. */
  salience: number;
}

export function estimateTempo(envelope: Float32Array, fps: number): TempoEstimate {
  const minLag = Math.max(1, Math.floor((60 * fps) / TEMPO_MAX_BPM));
  const maxLag = Math.ceil((60 * fps) / TEMPO_MIN_BPM);
  const acf = autocorrelation(envelope, 4 * maxLag + 2);
  // A(m·τ) is read as the maximum over m·(τ ± ½): the lag grid's rounding error grows with the multiple.
  const A = (lag: number, m: number): number => {
    const lo = Math.max(0, Math.floor(m * (lag - 0.5))), hi = Math.min(acf.length - 1, Math.ceil(m * (lag + 0.5)));
    let best = 0;
    for (let i = lo; i <= hi; i++) if (acf[i]! > best) best = acf[i]!;
    return best;
  };
  const score = new Float64Array(maxLag + 2);
  let best = -1, bestScore = 0, sum = 0, count = 0;
  for (let lag = minLag; lag <= maxLag; lag++) {
    const bpm = (60 * fps) / lag;
    const prior = Math.exp(-0.5 * (Math.log2(bpm / PRIOR_BPM) / PRIOR_OCTAVES) ** 2);
    const s = prior * (A(lag, 1) + A(lag, 2) + A(lag, 4));
    score[lag] = s;
    sum += s;
    count++;
    if (s > bestScore) { bestScore = s; best = lag; }
  }
  if (best < 0 || bestScore <= 0) return { bpm: 0, periodFrames: 0, salience: 0 };
  let period = best;
  if (best > minLag && best < maxLag) {
    const a = score[best - 1]!, b = score[best]!, c = score[best + 1]!;
    const den = a - 2 * b + c;
    if (den < 0) period = best + Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den));
  }
  return { bpm: (60 * fps) / period, periodFrames: period, salience: bestScore / (sum / count) };
}
