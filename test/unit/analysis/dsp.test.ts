import { describe, expect, it } from 'vitest';
import { analyzeAudio } from '../../../electron/backend/audio/analysis/analyze.ts';
import { midiToHz } from '../../../shared/analysis.ts';

const RATE = 44_100;

function clickTrain(bpm: number, seconds: number): Float32Array {
  const x = new Float32Array(seconds * RATE);
  const period = (60 / bpm) * RATE;
  for (let t = 0; t < x.length; t += period) {
    const s = Math.round(t);
    for (let i = 0; i < 400 && s + i < x.length; i++) x[s + i] = 0.8 * Math.exp(-i / 60) * Math.sin(i * 0.9);
  }
  return x;
}

function tones(midis: number[], noteS: number): Float32Array {
  const x = new Float32Array(Math.round(midis.length * noteS * RATE));
  let phase = 0;
  midis.forEach((m, k) => {
    const f = midiToHz(m);
    const n0 = Math.round(k * noteS * RATE), n1 = Math.round((k + 1) * noteS * RATE);
    for (let i = n0; i < n1; i++) {
      const env = Math.min(1, (i - n0) / 200, (n1 - i) / 400);
      phase += (2 * Math.PI * f) / RATE;
      x[i] = 0.4 * env * (Math.sin(phase) + 0.3 * Math.sin(2 * phase) + 0.15 * Math.sin(3 * phase));
    }
  });
  return x;
}

describe('analysis of synthetic signals', () => {
  it.each([90, 120, 140])('finds %i BPM and its beats in a click train', (bpm) => {
    const a = analyzeAudio({ sampleRate: RATE, channels: [clickTrain(bpm, 12)] });
    expect(Math.abs(a.tempoBpm - bpm) / bpm).toBeLessThan(0.02);
    const period = 60 / bpm;
    expect(a.beats.length).toBeGreaterThan(12 / period - 3);
    for (const b of a.beats) expect(Math.abs(b / period - Math.round(b / period))).toBeLessThan(0.07 / period);
    expect(a.onsets.length).toBeGreaterThan(12 / period - 2);
  });

  it('measures the f0 of a sine within a few cents and marks it voiced', () => {
    for (const hz of [98, 440, 1200]) {
      const x = new Float32Array(2 * RATE);
      for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * hz * i) / RATE);
      const a = analyzeAudio({ sampleRate: RATE, channels: [x] });
      expect(Math.abs(1200 * Math.log2(a.pitch.medianHz / hz))).toBeLessThan(5);
      expect(a.pitch.voicedRatio).toBeGreaterThan(0.9);
      expect(a.pitch.contour.every((v) => Number.isFinite(v))).toBe(true);
    }
  });

  it('names the key of a D major scale and transcribes its notes', () => {
    const scale = [62, 64, 66, 67, 69, 71, 73, 74, 69, 66, 62];
    const a = analyzeAudio({ sampleRate: RATE, channels: [tones(scale, 0.4)] });
    expect(a.key).toMatchObject({ tonic: 'D', mode: 'major' });
    expect(a.notes.map((n) => n.pitch)).toEqual(scale);
    a.notes.forEach((n, k) => expect(Math.abs(n.start - k * 0.4)).toBeLessThan(0.05));
  });

  it('names the key of an A natural-minor melody as A minor', () => {
    const a = analyzeAudio({ sampleRate: RATE, channels: [tones([57, 60, 64, 69, 67, 65, 64, 62, 60, 59, 57, 64, 57], 0.35)] });
    expect(a.key).toMatchObject({ tonic: 'A', mode: 'minor' });
  });

  it('handles silence and very short input without NaN', () => {
    for (const n of [0, 10, RATE]) {
      const a = analyzeAudio({ sampleRate: RATE, channels: [new Float32Array(n)] });
      expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      expect(a.notes).toEqual([]);
      expect(a.loudness.integratedLufs).toBe(-70);
    }
  });

  it('resamples other rates (48 kHz stereo) to the analysis rate', () => {
    const r = 48_000;
    const x = new Float32Array(2 * r);
    for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * 330 * i) / r);
    const a = analyzeAudio({ sampleRate: r, channels: [x, x] });
    expect(a.channels).toBe(2);
    expect(a.sampleRate).toBe(r);
    expect(Math.abs(1200 * Math.log2(a.pitch.medianHz / 330))).toBeLessThan(5);
    expect(a.spectral.mfccMeans).toHaveLength(13);
    expect(Math.abs(a.spectral.centroidHz - 330)).toBeLessThan(60);
  });
});
