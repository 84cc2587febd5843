/**
 * YIN fundamental-frequency tracking (de Cheveigné & Kawahara, JASA 2002): the difference function
 * (computed through an FFT cross-correlation), its cumulative-mean normalisation, the first dip below an
 * absolute threshold (0.1) or else the global minimum, and parabolic interpolation. A frame is voiced when
 * its aperiodicity (the normalised difference at the chosen lag) is at most 0.25 and its level is within
 * 45 dB of the loudest frame (and above -60 dBFS).
 */
import { PairedRealFft } from './fft.ts';
import { BlockCrossPower, FramewiseCrossPower, type CrossPowerSource } from './yin-spectra.ts';

export interface YinOptions {
  fminHz: number;
  fmaxHz: number;
  /** Analysis frame (power of two); the integration window is half of it. */
  frameLength: number;
  hop: number;
  /** Transform every frame on its own even when frameLength = 4·hop allows shared block spectra (for tests). */
  framewise?: boolean;
  /**
   * Receives each frame's unwindowed spectrum X[k], k = 0..N/2 (interleaved; the buffer is reused), for
   * every frame that is not entirely silent: an STFT on the same frames then needs no transforms of its own.
   */
  onSpectrum?: (frame: number, spectrum: Float64Array) => void;
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
const HEAD_FLOOR = 1e-9;

export function yin(x: Float32Array, sampleRate: number, opts: YinOptions): PitchFrames {
  const N = opts.frameLength, W = N / 2, hop = opts.hop;
  const tauMin = Math.max(2, Math.floor(sampleRate / opts.fmaxHz));
  const tauMax = Math.min(W - 1, Math.ceil(sampleRate / opts.fminHz));
  const frames = Math.max(1, Math.floor(x.length / hop) + 1);
  const source: CrossPowerSource = opts.framewise || !BlockCrossPower.fits(N, hop) ? new FramewiseCrossPower(x, N, hop) : new BlockCrossPower(x, N, hop);
  const inverse = new PairedRealFft(N);
  const pa = new Float64Array(N + 2), pb = new Float64Array(N + 2);
  const q = new Float64Array(2 * N), corr = new Float64Array(2 * N);
  const d = new Float64Array(tauMax + 2);
  const sqs = [new Float64Array(N + 1), new Float64Array(N + 1)];
  const f0 = new Float32Array(frames), aper = new Float32Array(frames).fill(1), rms = new Float32Array(frames);
  const live = [false, false];
  const onSpectrum = opts.onSpectrum;
  const spectrum = onSpectrum ? new Float64Array(N + 2) : undefined;
  for (let f = 0; f < frames; f += 2) {
    // Two frames at a time: their cross-power spectra Pa, Pb (Hermitian) go into one inverse transform
    // as Q = Pa + i·Pb, whose real lane is frame a's correlation and imaginary lane frame b's.
    for (let p = 0; p < 2; p++) {
      const fr = f + p;
      live[p] = false;
      if (fr >= frames) continue;
      const e = energies(sqs[p]!, x, fr * hop - W, W);
      rms[fr] = Math.sqrt(e / W);
      if (e === 0 && !(spectrum && sqs[p]![N]! > 0)) continue;
      source.crossPower(fr, p === 0 ? pa : pb, spectrum);
      if (spectrum) onSpectrum!(fr, spectrum);
      live[p] = e > 0;
    }
    if (!live[0] && !live[1]) continue;
    if (!live[0]) pa.fill(0);
    if (!live[1]) pb.fill(0);
    for (let k = 0; k <= W; k++) {
      const m = (N - k) & (N - 1);
      const ar = pa[2 * k]!, ai = pa[2 * k + 1]!, br = pb[2 * k]!, bi = pb[2 * k + 1]!;
      q[2 * m] = ar + bi; // Q[N−k] = conj Pa[k] + i·conj Pb[k]
      q[2 * m + 1] = br - ai;
      q[2 * k] = ar - bi;
      q[2 * k + 1] = ai + br;
    }
    inverse.inverse(corr, q);
    for (let p = 0; p < 2; p++) {
      if (!live[p]) continue;
      // A head (the first W samples) 90 dB below its frame, e.g. digital silence just before a note,
      // leaves d′ to rounding noise: no period can be measured there, so the frame stays unvoiced.
      const sq = sqs[p]!;
      if (!(sq[W]! > HEAD_FLOOR * sq[N]!)) continue;
      const tau = pickLag(d, sq, corr, p, W, tauMin, tauMax);
      if (tau < 0) continue;
      let refined = tau;
      if (tau > 1 && tau < tauMax) {
        const a = d[tau - 1]!, b = d[tau]!, c = d[tau + 1]!;
        const den = a - 2 * b + c;
        if (den > 0) refined = tau + (0.5 * (a - c)) / den;
      }
      aper[f + p] = d[tau]!;
      f0[f + p] = sampleRate / refined;
    }
  }
  // voicing: periodic enough and loud enough
  let maxRms = 0;
  for (const r of rms) if (r > maxRms) maxRms = r;
  const gate = Math.max(1e-3, maxRms * 10 ** (-45 / 20));
  for (let f = 0; f < frames; f++) if (aper[f]! > VOICED_APERIODICITY || rms[f]! < gate) f0[f] = 0;
  return { f0, aperiodicity: aper, rms, hopS: hop / sampleRate };
}

/**
 * Running energy sq[i] = Σ_{j<i} frame_j² of the frame x[start .. start+2W) (zero outside x); returns
 * the energy of its middle W samples (the integration window centred on the frame).
 */
function energies(sq: Float64Array, x: Float32Array, start: number, W: number): number {
  const N = 2 * W;
  sq[0] = 0;
  let acc = 0;
  const inside = start >= 0 && start + N <= x.length;
  for (let i = 0; i < N; i++) {
    const j = start + i;
    const v = inside || (j >= 0 && j < x.length) ? x[j]! : 0;
    acc += v * v;
    sq[i + 1] = acc;
  }
  return sq[W / 2 + W]! - sq[W / 2]!;
}

/**
 * The cumulative-mean-normalised difference d'(τ), with d(τ) = e(0..W) + e(τ..τ+W) − 2·r(τ), computed
 * lazily while searching: the first dip below the absolute threshold (followed to its bottom), else the
 * first dip within the threshold of the global minimum. Returns −1 if none; d holds d' up to the answer + 1.
 */
function pickLag(d: Float64Array, sq: Float64Array, corr: Float64Array, lane: number, W: number, tauMin: number, tauMax: number): number {
  const e0 = sq[W]!;
  const last = tauMax + 1;
  let running = 0, done = 0;
  d[0] = 1;
  for (let t = tauMin; t <= tauMax; t++) {
    // d′ up to t + 1 (one ahead, for the descent and the parabola)
    for (; done < Math.min(last, t + 1); ) {
      const tau = ++done;
      const dv = Math.max(0, e0 + (sq[tau + W]! - sq[tau]!) - 2 * corr[2 * tau + lane]!);
      running += dv;
      d[tau] = running > 0 ? (dv * tau) / running : 1;
    }
    if (d[t]! < THRESHOLD) {
      // follow the dip to its bottom
      for (;;) {
        if (t + 1 > tauMax) return t;
        for (; done < Math.min(last, t + 2); ) {
          const tau = ++done;
          const dv = Math.max(0, e0 + (sq[tau + W]! - sq[tau]!) - 2 * corr[2 * tau + lane]!);
          running += dv;
          d[tau] = running > 0 ? (dv * tau) / running : 1;
        }
        if (d[t + 1]! < d[t]!) t++;
        else return t;
      }
    }
  }
  // No dip under the absolute threshold: take the first dip within the threshold of the global
  // minimum rather than the minimum itself, which on attacks is often a period multiple (octave low).
  let best = Infinity;
  for (let t = tauMin; t <= tauMax; t++) if (d[t]! < best) best = d[t]!;
  for (let t = tauMin; t <= tauMax; t++) {
    if (d[t]! <= best + THRESHOLD) {
      while (t + 1 <= tauMax && d[t + 1]! < d[t]!) t++;
      return t;
    }
  }
  return -1;
}

export function medianOfVoiced(f0: Float32Array): number {
  const v: number[] = [];
  for (const x of f0) if (x > 0) v.push(x);
  if (v.length === 0) return 0;
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
