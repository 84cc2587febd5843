/**
 * EBU R128 / ITU-R BS.1770-4 loudness: K-weighting, 400 ms blocks with 75% overlap, the absolute
 * gate (-70 LUFS) and the relative gate (-10 LU); and the true peak, 4× oversampled (BS.1770-4 Annex 2).
 *
 * K-weighting is a high shelf (+4 dB above ~1.7 kHz) then a ~38 Hz high-pass, designed for any sample
 * rate by the bilinear transform of the analog prototypes (the parameters libebur128 derives from the
 * 48 kHz coefficients in the standard), so 48 kHz reproduces the standard's coefficients.
 */

export const SILENCE_LUFS = -70;
export const SILENCE_DB = -120;

interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export function kWeightingFilters(sampleRate: number): [Biquad, Biquad] {
  let f0 = 1681.974450955533;
  const G = 3.999843853973347;
  let Q = 0.7071752369554196;
  let K = Math.tan((Math.PI * f0) / sampleRate);
  const Vh = 10 ** (G / 20);
  const Vb = Vh ** 0.4996667741545416;
  let a0 = 1 + K / Q + K * K;
  const shelf: Biquad = {
    b0: (Vh + (Vb * K) / Q + K * K) / a0,
    b1: (2 * (K * K - Vh)) / a0,
    b2: (Vh - (Vb * K) / Q + K * K) / a0,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
  f0 = 38.13547087602444;
  Q = 0.5003270373238773;
  K = Math.tan((Math.PI * f0) / sampleRate);
  a0 = 1 + K / Q + K * K;
  const highpass: Biquad = { b0: 1, b1: -2, b2: 1, a1: (2 * (K * K - 1)) / a0, a2: (1 - K / Q + K * K) / a0 };
  return [shelf, highpass];
}

/** BS.1770 channel weights: L, R, C = 1; LFE (4th of 5.1) = 0; surrounds (5th, 6th of 5.1) = 1.41. */
function channelWeight(index: number, count: number): number {
  if (count === 6) return index === 3 ? 0 : index >= 4 ? 1.41 : 1;
  return 1;
}

/** Mean square of the K-weighted signal in each step of `step` samples (4 × 100 ms steps make a gating block). */
function kWeightedStepPowers(x: Float32Array, sampleRate: number, step: number): Float64Array {
  const [s, h] = kWeightingFilters(sampleRate);
  const steps = Math.floor(x.length / step);
  const out = new Float64Array(steps);
  // Direct form I for both sections, state in locals. The shelf's output history is the high-pass's input history.
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
  let n = 0;
  for (let k = 0; k < steps; k++) {
    let acc = 0;
    const end = n + step;
    for (; n < end; n++) {
      const xi = x[n]!;
      const y = s.b0 * xi + s.b1 * x1 + s.b2 * x2 - s.a1 * y1 - s.a2 * y2;
      const z = y - 2 * y1 + y2 - h.a1 * z1 - h.a2 * z2;
      x2 = x1; x1 = xi; y2 = y1; y1 = y; z2 = z1; z1 = z;
      acc += z * z;
    }
    out[k] = acc / step;
  }
  return out;
}

/**
 * Integrated loudness (LUFS) of a multichannel signal, EBU R128 / BS.1770-4. Returns SILENCE_LUFS (-70)
 * for signals too short for one 400 ms block or entirely below the absolute gate.
 */
export function integratedLoudness(channels: readonly Float32Array[], sampleRate: number): number {
  const step = Math.round(sampleRate * 0.1);
  if (channels.length === 0 || step === 0) return SILENCE_LUFS;
  const perChannel = channels.map((c) => kWeightedStepPowers(c, sampleRate, step));
  const steps = Math.min(...perChannel.map((p) => p.length));
  const blocks = steps - 3;
  if (blocks <= 0) return SILENCE_LUFS;
  // Weighted sum over channels of each 400 ms block's mean square.
  const blockPower = new Float64Array(blocks);
  for (let c = 0; c < perChannel.length; c++) {
    const g = channelWeight(c, channels.length);
    if (g === 0) continue;
    const p = perChannel[c]!;
    for (let b = 0; b < blocks; b++) blockPower[b]! += (g * (p[b]! + p[b + 1]! + p[b + 2]! + p[b + 3]!)) / 4;
  }
  const toLufs = (power: number): number => -0.691 + 10 * Math.log10(power);
  const absGate = 10 ** ((SILENCE_LUFS + 0.691) / 10);
  let sum = 0, count = 0;
  for (const p of blockPower) if (p > absGate) { sum += p; count++; }
  if (count === 0) return SILENCE_LUFS;
  const relGate = 10 ** ((toLufs(sum / count) - 10 + 0.691) / 10);
  let sum2 = 0, count2 = 0;
  for (const p of blockPower) if (p > absGate && p > relGate) { sum2 += p; count2++; }
  if (count2 === 0) return SILENCE_LUFS;
  return Math.max(SILENCE_LUFS, toLufs(sum2 / count2));
}

/** Taps per phase of the 4× interpolator (48 taps in all, as in BS.1770-4 Annex 2). */
const TAPS = 12;
const PHASES = 4;

/** Polyphase Kaiser-windowed-sinc interpolator: phase p (1..3) estimates x at n + p/4. */
function interpolatorPhases(): Float64Array[] {
  const beta = 6;
  const i0 = (v: number): number => {
    let sum = 1, term = 1;
    for (let k = 1; k < 30; k++) { term *= (v / (2 * k)) ** 2; sum += term; }
    return sum;
  };
  const half = TAPS / 2;
  const phases: Float64Array[] = [];
  for (let p = 1; p < PHASES; p++) {
    const h = new Float64Array(TAPS);
    for (let k = 0; k < TAPS; k++) {
      // tap k multiplies x[n + k - half + 1]; its distance from the target point n + p/4:
      const t = k - half + 1 - p / PHASES;
      const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
      const r = t / (half + 0.5);
      const w = Math.abs(r) >= 1 ? 0 : i0(beta * Math.sqrt(1 - r * r)) / i0(beta);
      h[k] = sinc * w;
    }
    phases.push(h);
  }
  return phases;
}

let cachedPhases: Float64Array[] | undefined;
let cachedSymmetric: SymmetricPhases | undefined;

/** Maximum absolute sample value over all channels (linear). */
export function samplePeak(channels: readonly Float32Array[]): number {
  let peak = 0;
  for (const c of channels) for (let i = 0; i < c.length; i++) { const a = Math.abs(c[i]!); if (a > peak) peak = a; }
  return peak;
}

/**
 * Maximum true peak (linear) over all channels, by 4× polyphase interpolation. Exact for the
 * interpolator, but it only evaluates between samples where a bound (local max × Σ|h|) could beat the
 * peak found so far, which skips most of a typical signal. Rates ≥ 176.4 kHz need no oversampling.
 */
export function truePeak(channels: readonly Float32Array[], sampleRate: number): number {
  if (sampleRate >= 176_400) return samplePeak(channels);
  const phases = (cachedPhases ??= interpolatorPhases());
  const gain = Math.max(...phases.map((h) => h.reduce((a, v) => a + Math.abs(v), 0)));
  const CENTRE = [TAPS / 2 - 2, TAPS / 2 + 1]; // taps on x[i−1] .. x[i+2]
  const centreGain = Math.max(...phases.map((h) => h.reduce((a, v, k) => a + (k >= CENTRE[0]! && k <= CENTRE[1]! ? Math.abs(v) : 0), 0)));
  const outerGain = Math.max(...phases.map((h) => h.reduce((a, v, k) => a + (k >= CENTRE[0]! && k <= CENTRE[1]! ? 0 : Math.abs(v)), 0)));
  const sym = (cachedSymmetric ??= symmetricPhases(phases));
  const B = TAPS; // block length for the local-maximum screen
  const half = TAPS / 2;
  // One pass per channel for the block maxima, which also give the sample peak (the starting bound).
  let peak = 0;
  const maxima = channels.map((x) => {
    const n = x.length;
    const blocks = Math.ceil(n / B);
    const blockMax = new Float32Array(blocks);
    for (let b = 0; b < blocks; b++) {
      let m = 0;
      const end = Math.min(n, (b + 1) * B);
      for (let i = b * B; i < end; i++) { const a = Math.abs(x[i]!); if (a > m) m = a; }
      blockMax[b] = m;
      if (m > peak) peak = m;
    }
    return blockMax;
  });
  if (peak === 0) return 0;
  for (let c = 0; c < channels.length; c++) {
    const x = channels[c]!, blockMax = maxima[c]!;
    const n = x.length;
    const blocks = blockMax.length;
    for (let b = 0; b < blocks; b++) {
      // Window of any interpolation point in block b spans at most blocks b-1..b+1.
      const local = Math.max(blockMax[b]!, b > 0 ? blockMax[b - 1]! : 0, b + 1 < blocks ? blockMax[b + 1]! : 0);
      if (local * gain <= peak) continue;
      const end = Math.min(n, (b + 1) * B);
      const outer = outerGain * local;
      for (let i = b * B; i < end; i++) {
        // Per-point screen: the four central taps (x[i−1..i+2]) weigh at most centreGain, the rest outerGain.
        const m4 = Math.max(i > 0 ? Math.abs(x[i - 1]!) : 0, Math.abs(x[i]!), i + 1 < n ? Math.abs(x[i + 1]!) : 0, i + 2 < n ? Math.abs(x[i + 2]!) : 0);
        if (centreGain * m4 + outer <= peak) continue;
        const base = i - half + 1;
        if (base >= 0 && base + TAPS <= n) {
          const a = interpolatedPeak(x, base, sym);
          if (a > peak) peak = a;
          continue;
        }
        for (const h of phases) {
          let acc = 0;
          for (let k = 0; k < TAPS; k++) {
            const j = base + k;
            if (j >= 0 && j < n) acc += h[k]! * x[j]!;
          }
          const a = Math.abs(acc);
          if (a > peak) peak = a;
        }
      }
    }
  }
  return peak;
}

/**
 * The interpolator's symmetries: phase 2 (half a sample) is even, phase 3 is phase 1 reversed. With
 * u_k = x_k + x_{11−k} and v_k = x_k − x_{11−k} (k < 6): y2 = Σ h2_k·u_k and y1,3 = Σ a_k·u_k ± Σ b_k·v_k,
 * a and b the even and odd parts of phase 1: half the multiplications of three 12-tap filters.
 */
interface SymmetricPhases {
  h2: Float64Array;
  a: Float64Array;
  b: Float64Array;
}

function symmetricPhases(phases: Float64Array[]): SymmetricPhases {
  const [h1, h2] = phases as [Float64Array, Float64Array, Float64Array];
  const H = TAPS / 2;
  const a = new Float64Array(H), b = new Float64Array(H), e = new Float64Array(H);
  for (let k = 0; k < H; k++) {
    a[k] = (h1[k]! + h1[TAPS - 1 - k]!) / 2;
    b[k] = (h1[k]! - h1[TAPS - 1 - k]!) / 2;
    e[k] = h2[k]!;
  }
  return { h2: e, a, b };
}

/** max(|y1|, |y2|, |y3|) between x[base+5] and x[base+6] (the whole window inside x). */
function interpolatedPeak(x: Float32Array, base: number, sym: SymmetricPhases): number {
  const { h2, a, b } = sym;
  let y2 = 0, ya = 0, yb = 0;
  for (let k = 0; k < TAPS / 2; k++) {
    const p = x[base + k]!, q = x[base + TAPS - 1 - k]!;
    const u = p + q, v = p - q;
    y2 += h2[k]! * u;
    ya += a[k]! * u;
    yb += b[k]! * v;
  }
  return Math.max(Math.abs(y2), Math.abs(ya) + Math.abs(yb));
}

/** truePeak() without its screens: every interpolation point of every channel (a reference for tests). */
export function truePeakUnscreened(channels: readonly Float32Array[], sampleRate: number): number {
  let peak = samplePeak(channels);
  if (sampleRate >= 176_400) return peak;
  const phases = (cachedPhases ??= interpolatorPhases());
  for (const x of channels) {
    for (let i = 0; i < x.length; i++) {
      for (const h of phases) {
        let acc = 0;
        for (let k = 0; k < TAPS; k++) {
          const j = i - TAPS / 2 + 1 + k;
          if (j >= 0 && j < x.length) acc += h[k]! * x[j]!;
        }
        if (Math.abs(acc) > peak) peak = Math.abs(acc);
      }
    }
  }
  return peak;
}

export function linearToDb(v: number): number {
  return v > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(v)) : SILENCE_DB;
}

/** Maximum true peak in dBTP (SILENCE_DB for digital silence). */
export function truePeakDb(channels: readonly Float32Array[], sampleRate: number): number {
  return linearToDb(truePeak(channels, sampleRate));
}
