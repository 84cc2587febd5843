/**
 * YIN fundamental-frequency tracking (de Cheveigné & Kawahara, JASA 2002): the difference function
 * (computed through an FFT cross-correlation), its cumulative-mean normalisation, the first dip below an
 * absolute threshold (0.1) or else the global minimum, and parabolic interpolation. A frame is voiced when
 * its aperiodicity (the normalised difference at the chosen lag) is at most 0.25 and its level is within
 * 45 dB of the loudest frame (and above -60 dBFS).
 */
import { ComplexFft } from './fft.ts';

export interface YinOptions {
  fminHz: number;
  fmaxHz: number;
  /** Analysis frame (power of two); the integration window is half of it. */
  frameLength: number;
  hop: number;
}

export interface PitchFrames {
  /** f0 per hop in Hz, 0 where unvoiced; frame i is centred on sample i·hop. */
  f0: Float32Array;
  /** Aperiodicity (0 = perfectly periodic), per hop. */
  aperiodicity: Float32Array;
  /** RMS level per hop (linear). */
  rms: Float32Array;
  hopS: number;
}

const THRESHOLD = 0.1;
const VOICED_APERIODICITY = 0.25;

export function yin(x: Float32Array, sampleRate: number, opts: YinOptions): PitchFrames {
  const N = opts.frameLength, W = N / 2, hop = opts.hop;
  const tauMin = Math.max(2, Math.floor(sampleRate / opts.fmaxHz));
  const tauMax = Math.min(W - 1, Math.ceil(sampleRate / opts.fminHz));
  const frames = Math.max(1, Math.floor(x.length / hop) + 1);
  const fft = new ComplexFft(N);
  const frame = new Float64Array(N), head = new Float64Array(N);
  const FX = new Float64Array(2 * N), FY = new Float64Array(2 * N), prod = new Float64Array(2 * N), corr = new Float64Array(2 * N);
  const d = new Float64Array(tauMax + 2);
  const sq = new Float64Array(N + 1);
  const f0 = new Float32Array(frames), aper = new Float32Array(frames).fill(1), rms = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    const start = f * hop - W;
    for (let i = 0; i < N; i++) {
      const j = start + i;
      frame[i] = j >= 0 && j < x.length ? x[j]! : 0;
    }
    // level over the integration window centred on the frame
    let e = 0;
    for (let i = W / 2; i < W / 2 + W; i++) e += frame[i]! * frame[i]!;
    rms[f] = Math.sqrt(e / W);
    if (e === 0) continue;
    head.fill(0);
    for (let i = 0; i < W; i++) head[i] = frame[i]!;
    fft.forwardReal(FX, frame);
    fft.forwardReal(FY, head);
    for (let k = 0; k < N; k++) {
      const a = FX[2 * k]!, b = FX[2 * k + 1]!, c = FY[2 * k]!, dd = FY[2 * k + 1]!;
      // X · conj(Y): r(τ) = Σ_j y_j x_{j+τ}
      prod[2 * k] = a * c + b * dd;
      prod[2 * k + 1] = b * c - a * dd;
    }
    fft.inverse(corr, prod);
    sq[0] = 0;
    for (let i = 0; i < N; i++) sq[i + 1] = sq[i]! + frame[i]! * frame[i]!;
    const e0 = sq[W]!;
    // d(τ) = e(0..W) + e(τ..τ+W) − 2 r(τ); cumulative-mean normalised in place
    d[0] = 1;
    let running = 0;
    for (let tau = 1; tau <= tauMax + 1 && tau + W <= N; tau++) {
      const dv = Math.max(0, e0 + (sq[tau + W]! - sq[tau]!) - 2 * corr[2 * tau]!);
      running += dv;
      d[tau] = running > 0 ? (dv * tau) / running : 1;
    }
    let tau = -1;
    for (let t = tauMin; t <= tauMax; t++) {
      if (d[t]! < THRESHOLD) {
        while (t + 1 <= tauMax && d[t + 1]! < d[t]!) t++;
        tau = t;
        break;
      }
    }
    if (tau < 0) {
      // No dip under the absolute threshold: take the first dip within the threshold of the global
      // minimum rather than the minimum itself, which on attacks is often a period multiple (octave low).
      let best = Infinity;
      for (let t = tauMin; t <= tauMax; t++) if (d[t]! < best) best = d[t]!;
      for (let t = tauMin; t <= tauMax; t++) {
        if (d[t]! <= best + THRESHOLD) {
          while (t + 1 <= tauMax && d[t + 1]! < d[t]!) t++;
          tau = t;
          break;
        }
      }
    }
    if (tau < 0) continue;
    let refined = tau;
    if (tau > 1 && tau < tauMax) {
      const a = d[tau - 1]!, b = d[tau]!, c = d[tau + 1]!;
      const den = a - 2 * b + c;
      if (den > 0) refined = tau + (0.5 * (a - c)) / den;
    }
    aper[f] = d[tau]!;
    f0[f] = sampleRate / refined;
  }
  // voicing: periodic enough and loud enough
  let maxRms = 0;
  for (const r of rms) if (r > maxRms) maxRms = r;
  const gate = Math.max(1e-3, maxRms * 10 ** (-45 / 20));
  for (let f = 0; f < frames; f++) if (aper[f]! > VOICED_APERIODICITY || rms[f]! < gate) f0[f] = 0;
  return { f0, aperiodicity: aper, rms, hopS: hop / sampleRate };
}

export function medianOfVoiced(f0: Float32Array): number {
  const v: number[] = [];
  for (const x of f0) if (x > 0) v.push(x);
  if (v.length === 0) return 0;
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
