import { describe, expect, it } from 'vitest';
import { integratedLoudness, truePeakDb, samplePeak, kWeightingFilters } from '../../../electron/backend/audio/dsp/loudness.ts';

const sine = (hz: number, dbfs: number, seconds: number, rate: number, phase = 0): Float32Array => {
  const a = 10 ** (dbfs / 20);
  const x = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < x.length; i++) x[i] = a * Math.sin((2 * Math.PI * hz * i) / rate + phase);
  return x;
};
const concat = (...parts: Float32Array[]): Float32Array => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};

describe('EBU R128 integrated loudness', () => {
  it('reproduces the BS.1770-4 K-weighting coefficients at 48 kHz', () => {
    const [shelf, hp] = kWeightingFilters(48_000);
    expect(shelf.b0).toBeCloseTo(1.53512485958697, 6);
    expect(shelf.b1).toBeCloseTo(-2.69169618940638, 6);
    expect(shelf.b2).toBeCloseTo(1.19839281085285, 6);
    expect(shelf.a1).toBeCloseTo(-1.69065929318241, 6);
    expect(shelf.a2).toBeCloseTo(0.73248077421585, 6);
    expect(hp.a1).toBeCloseTo(-1.99004745483398, 6);
    expect(hp.a2).toBeCloseTo(0.99007225036621, 6);
  });

  it('reads a stereo 1 kHz sine at -23 dBFS as -23.0 LUFS (EBU Tech 3341 case 1) at 48 and 44.1 kHz', () => {
    for (const rate of [48_000, 44_100]) {
      const s = sine(1000, -23, 20, rate);
      expect(integratedLoudness([s, s], rate)).toBeCloseTo(-23, 1);
    }
  });

  it('reads a stereo 1 kHz sine at -33 dBFS as -33.0 LUFS (Tech 3341 case 2)', () => {
    const s = sine(1000, -33, 20, 48_000);
    expect(integratedLoudness([s, s], 48_000)).toBeCloseTo(-33, 1);
  });

  it('reads a mono 1 kHz sine at -20 dBFS as -23.0 LUFS', () => {
    expect(integratedLoudness([sine(1000, -20, 10, 44_100)], 44_100)).toBeCloseTo(-23, 1);
  });

  it('gates quiet passages relatively (Tech 3341 case 3: -36/-23/-36 dBFS reads -23.0)', () => {
    const r = 48_000;
    const s = concat(sine(1000, -36, 10, r), sine(1000, -23, 60, r), sine(1000, -36, 10, r));
    expect(integratedLoudness([s, s], r)).toBeCloseTo(-23, 1);
  });

  it('gates silence absolutely (Tech 3341 case 4: -72/-36/-23/-36/-72 dBFS reads -23.0)', () => {
    const r = 48_000;
    const s = concat(sine(1000, -72, 10, r), sine(1000, -36, 10, r), sine(1000, -23, 60, r), sine(1000, -36, 10, r), sine(1000, -72, 10, r));
    expect(integratedLoudness([s, s], r)).toBeCloseTo(-23, 1);
  });

  it('reports -70 LUFS for digital silence and for audio shorter than one block', () => {
    expect(integratedLoudness([new Float32Array(48_000)], 48_000)).toBe(-70);
    expect(integratedLoudness([sine(1000, -10, 0.3, 48_000)], 48_000)).toBe(-70);
  });
});

describe('true peak', () => {
  it('finds the inter-sample peak of a quarter-rate sine sampled 45° off its crest', () => {
    const r = 48_000;
    const x = sine(r / 4, -6, 1, r, Math.PI / 4);
    const sp = 20 * Math.log10(samplePeak([x]));
    expect(sp).toBeCloseTo(-6 - 3.01, 1);
    expect(truePeakDb([x], r)).toBeGreaterThan(-6.4);
    expect(truePeakDb([x], r)).toBeLessThan(-5.8);
  });

  it('never reads below the sample peak and reads -120 dB for silence', () => {
    const x = sine(997, -1, 1, 44_100);
    expect(truePeakDb([x], 44_100)).toBeGreaterThanOrEqual(20 * Math.log10(samplePeak([x])) - 1e-9);
    expect(truePeakDb([new Float32Array(100)], 44_100)).toBe(-120);
  });
});
