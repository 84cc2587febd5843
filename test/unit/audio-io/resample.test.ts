import { describe, expect, it } from 'vitest';
import { resample, toMono } from '../../../electron/backend/audio/resample.ts';
import { rms, sine } from './helpers.ts';

function maxErrAgainstSine(y: Float32Array, freq: number, rate: number, skip: number): number {
  let e = 0;
  for (let i = skip; i < y.length - skip; i++) e = Math.max(e, Math.abs(y[i]! - 0.5 * Math.sin((2 * Math.PI * freq * i) / rate)));
  return e;
}

describe('resample', () => {
  for (const [from, to] of [
    [44100, 16000],
    [44100, 22050],
    [22050, 48000],
    [44100, 44101],
  ] as const) {
    it(`keeps a 1 kHz sine exact to 1e-4 going ${from} → ${to} Hz, with the right length`, () => {
      const y = resample(sine(1000, from, 1), from, to);
      expect(y.length).toBe(Math.ceil((from * to) / from));
      expect(maxErrAgainstSine(y, 1000, to, 200)).toBeLessThan(1e-4);
    });
  }

  it('removes content above the new Nyquist frequency instead of aliasing it', () => {
    const y = resample(sine(15000, 44100, 1), 44100, 16000);
    expect(rms(y, 200, y.length - 200)).toBeLessThan(1e-3);
  });

  it('returns the input itself when the rates match', () => {
    const x = sine(100, 8000, 0.1);
    expect(resample(x, 8000, 8000)).toBe(x);
  });

  it('averages channels into mono', () => {
    expect(Array.from(toMono([Float32Array.from([1, 0]), Float32Array.from([0, 1])]))).toEqual([0.5, 0.5]);
  });
});
