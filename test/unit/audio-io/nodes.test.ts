import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAudio, storeAudio } from '../../../electron/backend/audio/audio-ref.ts';
import { decodeFile } from '../../../electron/backend/audio/decode.ts';
import { integratedLoudness } from '../../../electron/backend/audio/dsp/loudness.ts';
import { encodeWav } from '../../../electron/backend/audio/encode/wav-write.ts';
import type { PeaksRef } from '../../../electron/backend/audio/peaks-store.ts';
import type { AudioRef } from '../../../electron/backend/audio/types.ts';
import { createDefaultRegistry } from '../../../electron/backend/nodes/index.ts';
import { maxAbsDiff, rms, runNode, sharedDir, sine, tempEnv } from './helpers.ts';

const env = tempEnv();
afterAll(() => env.cleanup());
const registry = createDefaultRegistry();
const workflow = { version: 1, nodes: [{ id: 'n1', type: 'audio.load' }], edges: [] };

function writeStereoWav(name: string, seconds = 1, rate = 44100): string {
  const path = join(env.dir, name);
  writeFileSync(path, encodeWav({ sampleRate: rate, channels: [sine(440, rate, seconds, 0.5), sine(660, rate, seconds, 0.25)] }, 24));
  return path;
}

describe('audio node types', () => {
  it('registers every audio and MIDI node type in the default registry', () => {
    for (const t of ['audio.load', 'audio.peaks', 'audio.export', 'audio.gain', 'audio.normalize', 'audio.trim', 'audio.resample', 'audio.mix', 'midi.export']) expect(registry.has(t)).toBe(true);
    expect(registry.get('audio.load')!.outputs.map((o) => o.type)).toEqual(['audio', 'workflow']);
  });

  it('audio.load stores planar float32 audio by hash and outputs a null workflow for a plain file', async () => {
    const path = writeStereoWav('plain.wav');
    const out = await runNode(registry, env, 'audio.load', { path });
    const ref = out.audio as AudioRef;
    expect(ref).toMatchObject({ kind: 'audio', sampleRate: 44100, channels: 2, frames: 44100, name: 'plain.wav' });
    expect(ref.durationS).toBeCloseTo(1, 6);
    expect(env.artifacts.getBytes(ref.hash).byteLength).toBe(2 * 44100 * 4);
    expect(out.workflow).toBeNull();
    const audio = loadAudio(env.artifacts, ref);
    expect(maxAbsDiff(audio.channels[1]!, sine(660, 44100, 1, 0.25))).toBeLessThan(1e-6);
  });

  it('audio.load re-decodes an edited file and reuses the decode of an unchanged one', async () => {
    const path = writeStereoWav('edited.wav');
    const first = (await runNode(registry, env, 'audio.load', { path })).audio as AudioRef;
    const again = await runNode(registry, env, 'audio.load', { path });
    expect((again.audio as AudioRef).hash).toBe(first.hash);
    expect(again.logs.join('\n')).toMatch(/unchanged/);
    writeFileSync(path, encodeWav({ sampleRate: 22050, channels: [sine(220, 22050, 0.5)] }, 16));
    const edited = (await runNode(registry, env, 'audio.load', { path })).audio as AudioRef;
    expect(edited.hash).not.toBe(first.hash);
    expect(edited).toMatchObject({ sampleRate: 22050, channels: 1 });
  });

  it('audio.load gives the coded decode error for a bad file', async () => {
    const path = join(env.dir, 'bad.mp3');
    writeFileSync(path, 'not audio at all');
    await expect(runNode(registry, env, 'audio.load', { path })).rejects.toMatchObject({ code: 'AUDIO_UNSUPPORTED' });
  });

  for (const format of ['wav', 'flac'] as const) {
    it(`audio.export writes ${format} with the run's workflow, and audio.load restores it`, async () => {
      const src = (await runNode(registry, env, 'audio.load', { path: writeStereoWav(`src-${format}.wav`) })).audio as AudioRef;
      const out = await runNode(registry, env, 'audio.export', { path: `out/${format}-export`, format, bitDepth: 24 }, { audio: src }, { workflow });
      const file = out.file as string;
      expect(file).toBe(join(env.dir, 'exports', 'out', `${format}-export.${format}`));
      const loaded = await runNode(registry, env, 'audio.load', { path: file });
      expect(loaded.workflow).toEqual(workflow);
      expect((loaded.audio as AudioRef).embeddedWorkflow).toEqual(workflow);
      const a = loadAudio(env.artifacts, loaded.audio as AudioRef);
      expect(maxAbsDiff(a.channels[0]!, loadAudio(env.artifacts, src).channels[0]!)).toBeLessThan(1e-6);
    });
  }

  it('audio.export leaves the workflow out when embedWorkflow is false, and writes MP3', async () => {
    const src = (await runNode(registry, env, 'audio.load', { path: writeStereoWav('noembed.wav') })).audio as AudioRef;
    const wav = await runNode(registry, env, 'audio.export', { path: join(env.dir, 'noembed-out.wav'), embedWorkflow: false }, { audio: src }, { workflow });
    expect((await runNode(registry, env, 'audio.load', { path: wav.file as string })).workflow).toBeNull();
    const mp3 = await runNode(registry, env, 'audio.export', { path: join(env.dir, 'x.mp3'), format: 'mp3' }, { audio: src });
    const back = await decodeFile(mp3.file as string);
    expect(back.channels).toHaveLength(2);
    expect(readFileSync(mp3.file as string).byteLength).toBeGreaterThan(10_000);
  });

  it('audio.gain, audio.trim and audio.resample transform the audio as asked', async () => {
    const src = (await runNode(registry, env, 'audio.load', { path: writeStereoWav('xform.wav') })).audio as AudioRef;
    const gained = (await runNode(registry, env, 'audio.gain', { db: -6.0206 }, { audio: src })).audio as AudioRef;
    expect(rms(loadAudio(env.artifacts, gained).channels[0]!) / rms(loadAudio(env.artifacts, src).channels[0]!)).toBeCloseTo(0.5, 4);
    const trimmed = (await runNode(registry, env, 'audio.trim', { startS: 0.25, endS: 0.75 }, { audio: src })).audio as AudioRef;
    expect(trimmed.frames).toBe(22050);
    expect(loadAudio(env.artifacts, trimmed).channels[0]![0]).toBeCloseTo(loadAudio(env.artifacts, src).channels[0]![11025]!, 6);
    await expect(runNode(registry, env, 'audio.trim', { startS: 5 }, { audio: src })).rejects.toMatchObject({ code: 'AUDIO_EMPTY' });
    const rs = (await runNode(registry, env, 'audio.resample', { sampleRate: 16000 }, { audio: src })).audio as AudioRef;
    expect(rs).toMatchObject({ sampleRate: 16000, frames: 16000, channels: 2 });
  });

  it('audio.normalize reaches a peak target and a LUFS target', async () => {
    const clip = await decodeFile(join(sharedDir, 'eval', 'clips', '03_mix_110bpm_Asm.flac'));
    const src = storeAudio(env.artifacts, clip, { name: 'mix' });
    const peak = loadAudio(env.artifacts, (await runNode(registry, env, 'audio.normalize', { mode: 'peak', peakDb: -6 }, { audio: src })).audio as AudioRef);
    const p = peak.channels[0]!.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(20 * Math.log10(p)).toBeCloseTo(-6, 3);
    const loud = loadAudio(env.artifacts, (await runNode(registry, env, 'audio.normalize', { mode: 'lufs', lufs: -20 }, { audio: src })).audio as AudioRef);
    expect(integratedLoudness(loud.channels, loud.sampleRate)).toBeCloseTo(-20, 1);
  });

  it('audio.mix sums inputs with gains, upmixing mono and resampling to the first input', async () => {
    const a = storeAudio(env.artifacts, { sampleRate: 8000, channels: [new Float32Array(800).fill(0.25), new Float32Array(800).fill(-0.25)] });
    const b = storeAudio(env.artifacts, { sampleRate: 16000, channels: [new Float32Array(3200).fill(0.5)] });
    const out = (await runNode(registry, env, 'audio.mix', { gainsDb: [0, -6.0206] }, { a, b })).audio as AudioRef;
    expect(out).toMatchObject({ sampleRate: 8000, channels: 2, frames: 1600 });
    const m = loadAudio(env.artifacts, out);
    expect(m.channels[0]![400]).toBeCloseTo(0.5, 3);
    expect(m.channels[1]![400]).toBeCloseTo(0, 3);
    expect(m.channels[0]![1200]).toBeCloseTo(0.25, 3);
  });

  it('midi.export writes the notes of an analysis, and insists on an input', async () => {
    const analysis = { tempoBpm: 90, notes: [{ pitch: 62, start: 0.1, end: 0.4 }] };
    const out = await runNode(registry, env, 'midi.export', { path: 'tune' }, { analysis });
    expect(out.file).toBe(join(env.dir, 'exports', 'tune.mid'));
    expect(readFileSync(out.file as string).subarray(0, 4).toString('latin1')).toBe('MThd');
    await expect(runNode(registry, env, 'midi.export', { path: 'none' }, {})).rejects.toMatchObject({ code: 'MISSING_INPUT' });
  });
});

describe('audio.peaks', () => {
  it('gives per-channel min/max arrays shaped for wavesurfer, at several resolutions, and caches them', async () => {
    const rate = 44100;
    const l = sine(5, rate, 10, 0.8);
    const r = sine(5, rate, 10, 0.3);
    const src = storeAudio(env.artifacts, { sampleRate: rate, channels: [l, r] });
    const out = await runNode(registry, env, 'audio.peaks', {}, { audio: src });
    const peaks = out.peaks as PeaksRef;
    expect(peaks).toMatchObject({ kind: 'peaks', channels: 2, sampleRate: rate, frames: rate * 10 });
    expect(peaks.duration).toBeCloseTo(10, 9);
    expect(peaks.levels[0]!.samplesPerPeak).toBe(256);
    expect(peaks.levels[0]!.length).toBe(Math.ceil((rate * 10) / 256));
    for (let i = 1; i < peaks.levels.length; i++) expect(peaks.levels[i]!.samplesPerPeak).toBe(peaks.levels[i - 1]!.samplesPerPeak * 4);
    expect(peaks.levels.at(-1)!.length).toBeLessThanOrEqual(2048);
    // wavesurfer's `peaks` option: an array of per-channel number arrays.
    expect(peaks.overview).toHaveLength(2);
    expect(peaks.overview[0]!.every((v) => typeof v === 'number' && v >= -1 && v <= 1)).toBe(true);
    expect(Math.max(...peaks.overview[0]!)).toBeCloseTo(0.8, 3);
    expect(Math.min(...peaks.overview[1]!)).toBeCloseTo(-0.3, 3);
    const fine = env.artifacts.getJson<{ peaks: number[][]; duration: number }>(peaks.levels[0]!.hash);
    expect(fine.peaks[0]).toHaveLength(2 * peaks.levels[0]!.length);
    // pair 0 covers samples 0..255 of a slow sine: min is 0, max is the last sample of the block
    expect(fine.peaks[0]![0]).toBeCloseTo(0, 4);
    expect(fine.peaks[0]![1]).toBeCloseTo(l[255]!, 4);
    const again = await runNode(registry, env, 'audio.peaks', {}, { audio: src });
    expect(again.peaks).toEqual(peaks);
    expect(again.logs.join('\n')).toMatch(/cached/);
  });
});
