/**
 * Cross-power spectra for YIN's FFT difference function: for frame f (the 2W samples from f·hop − W) and
 * its head (the first W of them), P[k] = X[k]·conj(H[k]) for k = 0..N/2 (N = 2W), whose inverse transform
 * is r(τ) = Σ_j head_j · frame_{j+τ}. Two exact ways to get it with fft.js:
 *
 * - FramewiseCrossPower: one complex transform per frame of z = frame + i·head, separated with
 *   P[k] = ½·Im(Z[k]·Z[N−k]) + i·¼·(|Z[k]|² − |Z[N−k]|²).
 * - BlockCrossPower (when N = 4·hop, the default 1024/256): frames overlap by three quarters, so each
 *   frame is four hop-long blocks, and by linearity X = B0 + ρB1 + ρ²B2 + ρ³B3, H = B0 + ρB1, with B_j the
 *   zero-padded spectrum of block j and ρ = (−i)^k its shift by one hop. Each block is transformed once
 *   (two per complex transform) and reused by four frames: a quarter of the framewise transforms' work.
 */
import { PairedRealFft } from './fft.ts';

export interface CrossPowerSource {
  /**
   * Writes P[k] (interleaved re, im) for k = 0..N/2 of frame f into `out`, and, when `spectrum` is given,
   * the frame's own (unwindowed) spectrum X[k] for k = 0..N/2 into it, so an STFT can share the work.
   */
  crossPower(f: number, out: Float64Array, spectrum?: Float64Array): void;
}

export class FramewiseCrossPower implements CrossPowerSource {
  private readonly fft: PairedRealFft;
  constructor(private readonly x: Float32Array, private readonly N: number, private readonly hop: number) {
    this.fft = new PairedRealFft(N);
  }

  crossPower(f: number, out: Float64Array, spectrum?: Float64Array): void {
    const { x, N } = this, W = N / 2, z = this.fft.packed;
    const start = f * this.hop - W;
    for (let i = 0; i < N; i++) {
      const j = start + i;
      const v = j >= 0 && j < x.length ? x[j]! : 0;
      z[2 * i] = v;
      z[2 * i + 1] = i < W ? v : 0;
    }
    const Z = this.fft.transform();
    for (let k = 0; k <= N / 2; k++) {
      const m = (N - k) & (N - 1);
      const zr = Z[2 * k]!, zi = Z[2 * k + 1]!, wr = Z[2 * m]!, wi = Z[2 * m + 1]!;
      out[2 * k] = 0.5 * (zr * wi + zi * wr);
      out[2 * k + 1] = 0.25 * (zr * zr + zi * zi - wr * wr - wi * wi);
      if (spectrum) {
        spectrum[2 * k] = 0.5 * (zr + wr);
        spectrum[2 * k + 1] = 0.5 * (zi - wi);
      }
    }
  }
}

const RING = 8;

export class BlockCrossPower implements CrossPowerSource {
  private readonly fft: PairedRealFft;
  private readonly ring: Float64Array[] = [];
  private readonly ringBlock = new Float64Array(RING).fill(NaN);

  constructor(private readonly x: Float32Array, private readonly N: number, private readonly hop: number) {
    if (N !== 4 * hop) throw new RangeError('BlockCrossPower needs frameLength = 4·hop');
    this.fft = new PairedRealFft(N);
    for (let i = 0; i < RING; i++) this.ring.push(new Float64Array(N + 2));
  }

  static fits(N: number, hop: number): boolean {
    return N === 4 * hop;
  }

  /** Spectrum (k = 0..N/2) of samples [b·hop, (b+1)·hop) zero-padded to N; computed with block b+1. */
  private block(b: number): Float64Array {
    const slot = ((b % RING) + RING) % RING;
    const cached = this.ring[slot]!;
    if (this.ringBlock[slot] === b) return cached;
    const { x, N, hop } = this, z = this.fft.packed; // entries from 2·hop on stay zero (fft.js leaves its input)
    for (let lane = 0; lane < 2; lane++) {
      const s = (b + lane) * hop;
      for (let i = 0; i < hop; i++) {
        const j = s + i;
        z[2 * i + lane] = j >= 0 && j < x.length ? x[j]! : 0;
      }
    }
    const Z = this.fft.transform();
    const slot2 = (slot + 1) % RING;
    const a = cached, c = this.ring[slot2]!;
    for (let k = 0; k <= N / 2; k++) {
      const m = (N - k) & (N - 1);
      const zr = Z[2 * k]!, zi = Z[2 * k + 1]!, wr = Z[2 * m]!, wi = Z[2 * m + 1]!;
      a[2 * k] = 0.5 * (zr + wr);
      a[2 * k + 1] = 0.5 * (zi - wi);
      c[2 * k] = 0.5 * (zi + wi);
      c[2 * k + 1] = 0.5 * (wr - zr);
    }
    this.ringBlock[slot] = b;
    this.ringBlock[slot2] = b + 1;
    return cached;
  }

  crossPower(f: number, out: Float64Array, spectrum?: Float64Array): void {
    const b = f - 2; // the frame starts at f·hop − W = (f − 2)·hop
    const B0 = this.block(b), B1 = this.block(b + 1), B2 = this.block(b + 2), B3 = this.block(b + 3);
    const half = this.N / 2;
    for (let k = 0; k <= half; k++) {
      const re = 2 * k, im = re + 1;
      // ρ·B1 and ρ·B3 with ρ = (−i)^k
      let r1r: number, r1i: number, r3r: number, r3i: number;
      switch (k & 3) {
        case 0: r1r = B1[re]!; r1i = B1[im]!; r3r = B3[re]!; r3i = B3[im]!; break;
        case 1: r1r = B1[im]!; r1i = -B1[re]!; r3r = B3[im]!; r3i = -B3[re]!; break;
        case 2: r1r = -B1[re]!; r1i = -B1[im]!; r3r = -B3[re]!; r3i = -B3[im]!; break;
        default: r1r = -B1[im]!; r1i = B1[re]!; r3r = -B3[im]!; r3i = B3[re]!; break;
      }
      // H = B0 + ρB1; X = H + ρ²·(B2 + ρB3), ρ² = (−1)^k; P = X·conj(H) = |H|² + ρ²·T·conj(H)
      const gr = B0[re]! + r1r, gi = B0[im]! + r1i;
      const tr = B2[re]! + r3r, ti = B2[im]! + r3i;
      const s = k & 1 ? -1 : 1;
      out[re] = gr * gr + gi * gi + s * (tr * gr + ti * gi);
      out[im] = s * (ti * gr - tr * gi);
      if (spectrum) {
        spectrum[re] = gr + s * tr;
        spectrum[im] = gi + s * ti;
      }
    }
  }
}
