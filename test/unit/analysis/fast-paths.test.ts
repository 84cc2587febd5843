import { describe, expect, it } from 'vitest';
import { PairedRealFft, RealFft } from '../../../electron/backend/audio/dsp/fft.ts';
import { emptySpectrogram, hannRow, stft } from '../../../electron/backend/audio/dsp/stft.ts';
import { yin } from '../../../electron/backend/audio/dsp/pitch.ts';
import { decimate2, halfBandTaps } from '../../../electron/backend/audio/dsp/decimate.ts';
import { truePeak, truePeakUnscreened } from '../../../electron/backend/audio/dsp/loudness.ts';

/** Deterministic pseudo-random numbers in [-1, 1). */
function noise(n: number, seed = 1): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; x[i] = s / 2 ** 31 - 1; }
  return x;
}

/** A melody-like test signal: harmonic tones with vibrato, gaps of silence, and a little noise. */
function voiced(rate: number, seconds: number): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  const hiss = noise(x.length, 7);
  let phase = 0;
  for (let i = 0; i < x.length; i++) {
    const t = i / rate;
    const note = Math.floor(t / 0.3);
    if (note % 4 === 3) continue; // silence every fourth note
    const f = 110 * 2 ** ((note * 5) % 24 / 12) * (1 + 0.003 * Math.sin(2 * Math.PI * 5 * t));
    phase += (2 * Math.PI * f) / rate;
    x[i] = 0.4 * Math.sin(phase) + 0.2 * Math.sin(2 * phase) + 0.1 * Math.sin(3 * phase) + 0.01 * hiss[i]!;
  }
  return x;
}

describe('fast paths of the analysis agree with their plain references', () => {
  it('transforms two real frames in one complex FFT with the magnitudes of two real FFTs', () => {
    const N = 512, a = noise(N, 3), b = noise(N, 4);
    const paired = new PairedRealFft(N), real = new RealFft(N);
    for (let i = 0; i < N; i++) { paired.packed[2 * i] = a[i]!; paired.packed[2 * i + 1] = b[i]!; }
    const ma = new Float32Array(paired.bins), mb = new Float32Array(paired.bins);
    paired.magnitudes(ma, 0, mb, 0, 1);
    for (const [frame, got] of [[a, ma], [b, mb]] as const) {
      real.frame.set(frame);
      const want = new Float64Array(real.bins);
      real.magnitude(want);
      for (let k = 0; k < real.bins; k++) expect(got[k]!).toBeCloseTo(want[k]!, 3);
    }
  });

  it.each([false, true])('builds the STFT rows from the pitch tracker\'s frame spectra exactly as stft() does (framewise: %s)', (framewise) => {
    const rate = 22_050, x = voiced(rate, 2.3);
    const ref = stft(x, rate, 1024, 256);
    const spec = emptySpectrogram(x.length, rate, 1024, 256);
    yin(x, rate, { fminHz: 50, fmaxHz: 2000, frameLength: 1024, hop: 256, framewise, onSpectrum: (f, X) => hannRow(spec, f, X) });
    expect(spec.frames).toBe(ref.frames);
    let maxDiff = 0, maxMag = 0;
    for (let i = 0; i < ref.mag.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(spec.mag[i]! - ref.mag[i]!));
      maxMag = Math.max(maxMag, ref.mag[i]!);
    }
    expect(maxMag).toBeGreaterThan(0.1);
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('gives the same pitch track from shared block spectra as from per-frame transforms', () => {
    const rate = 22_050, x = voiced(rate, 3);
    const opts = { fminHz: 50, fmaxHz: 2000, frameLength: 1024, hop: 256 };
    const blocks = yin(x, rate, opts), frames = yin(x, rate, { ...opts, framewise: true });
    let voicedFrames = 0;
    for (let f = 0; f < blocks.f0.length; f++) {
      expect(blocks.f0[f]!).toBeCloseTo(frames.f0[f]!, 3);
      expect(blocks.aperiodicity[f]!).toBeCloseTo(frames.aperiodicity[f]!, 5);
      if (blocks.f0[f]! > 0) voicedFrames++;
    }
    expect(voicedFrames).toBeGreaterThan(blocks.f0.length / 2);
  });

  it('decimates with the unrolled loop exactly as the direct half-band convolution', () => {
    const x = noise(5001, 9);
    const { centre, odd } = halfBandTaps();
    const y = decimate2(x);
    expect(y.length).toBe(2501);
    for (let m = 0; m < y.length; m++) {
      let acc = centre * x[2 * m]!;
      for (let j = 0; j < odd.length; j++) {
        const a = 2 * m - 2 * j - 1, b = 2 * m + 2 * j + 1;
        acc += odd[j]! * ((a >= 0 ? x[a]! : 0) + (b < x.length ? x[b]! : 0));
      }
      expect(y[m]!).toBeCloseTo(acc, 5);
    }
  });

  it('finds the same true peak with its screens as by evaluating every interpolation point', () => {
    const rate = 44_100;
    const burst = noise(20_000, 5).map((v, i) => v * Math.exp(-i / 3000));
    const sine = new Float32Array(20_000).map((_, i) => 0.7 * Math.sin(2 * Math.PI * 11_025 * (i / rate) + Math.PI / 4));
    const clicks = new Float32Array(20_000);
    for (let i = 100; i < clicks.length; i += 997) { clicks[i] = 0.9; clicks[i + 1] = 0.85; }
    for (const channels of [[burst], [sine], [clicks], [burst, sine], [clicks, noise(20_000, 11).map((v) => 0.3 * v)]]) {
      expect(truePeak(channels, rate)).toBeCloseTo(truePeakUnscreened(channels, rate), 12);
    }
  });
});
