import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeBuffer } from '../../../electron/backend/audio/decode.ts';
import { readEmbeddedWorkflow } from '../../../electron/backend/audio/embedded-workflow.ts';
import { encodeFlac } from '../../../electron/backend/audio/encode/flac-encode.ts';
import { encodeMidi } from '../../../electron/backend/audio/encode/midi-write.ts';
import { encodeMp3 } from '../../../electron/backend/audio/encode/mp3-encode.ts';
import { encodeWav } from '../../../electron/backend/audio/encode/wav-write.ts';
import { maxAbsDiff, rms, sine, WaveFile } from './helpers.ts';

const audio = { sampleRate: 48000, channels: [sine(440, 48000, 0.5, 0.7), sine(550, 48000, 0.5, 0.4)] };
const workflow = { version: 1, name: 'ünïcode ✓', nodes: [{ id: 'load', type: 'audio.load', params: { path: '/tmp/x.wav' } }], edges: [] };
const toInt = (x: Float32Array, bits: number) => Array.from(x, (v) => Math.max(-(2 ** (bits - 1)), Math.min(2 ** (bits - 1) - 1, Math.round(v * 2 ** (bits - 1)))) + 0);

describe('WAV export', () => {
  for (const bits of [16, 24, 32] as const) {
    it(`writes ${bits === 32 ? '32-bit float' : `${bits}-bit`} WAV that wavefile reads and our decoder round-trips`, async () => {
      const bytes = encodeWav(audio, bits);
      const wf = new WaveFile(bytes);
      expect((wf.fmt as { numChannels: number }).numChannels).toBe(2);
      expect((wf.fmt as { sampleRate: number }).sampleRate).toBe(48000);
      expect(wf.bitDepth).toBe(bits === 32 ? '32f' : String(bits));
      const back = await decodeBuffer(bytes);
      const tol = bits === 32 ? 0 : 0.5 / 2 ** (bits - 1) + 1e-9;
      expect(maxAbsDiff(back.channels[0]!, audio.channels[0]!)).toBeLessThanOrEqual(tol);
      expect(maxAbsDiff(back.channels[1]!, audio.channels[1]!)).toBeLessThanOrEqual(tol);
    });
  }

  it('clips out-of-range samples instead of wrapping them', async () => {
    const loud = { sampleRate: 8000, channels: [Float32Array.from([1.5, -1.5, 0.999999])] };
    const back = await decodeBuffer(encodeWav(loud, 16));
    expect(Array.from(back.channels[0]!)).toEqual([32767 / 32768, -1, 32767 / 32768]);
  });

  it('embeds the workflow in a grym chunk and reads it back', () => {
    const bytes = encodeWav(audio, 24, JSON.stringify(workflow));
    expect(Buffer.from(bytes).includes(Buffer.from('grym'))).toBe(true);
    expect(readEmbeddedWorkflow(bytes)).toEqual(workflow);
    expect(readEmbeddedWorkflow(encodeWav(audio, 24))).toBeNull();
  });
});

describe('FLAC export', () => {
  for (const bits of [16, 24] as const) {
    it(`is lossless at ${bits} bits: every decoded integer equals the quantised source`, async () => {
      const bytes = await encodeFlac(audio, bits);
      const back = await decodeBuffer(bytes);
      expect(back.sampleRate).toBe(48000);
      expect(back.channels).toHaveLength(2);
      for (let c = 0; c < 2; c++) expect(toInt(back.channels[c]!, bits)).toEqual(toInt(audio.channels[c]!, bits));
    });
  }

  it('embeds the workflow in a Vorbis comment and reads it back, and the file still decodes', async () => {
    const bytes = await encodeFlac(audio, 16, JSON.stringify(workflow));
    expect(readEmbeddedWorkflow(bytes)).toEqual(workflow);
    const back = await decodeBuffer(bytes);
    expect(back.channels[0]!.length).toBe(audio.channels[0]!.length);
    expect(readEmbeddedWorkflow(await encodeFlac(audio, 16))).toBeNull();
  });
});

describe('MP3 export', () => {
  it('decodes back with similar duration and energy', async () => {
    const bytes = await encodeMp3(audio, 192);
    const back = await decodeBuffer(bytes);
    expect(back.sampleRate).toBe(48000);
    expect(back.channels).toHaveLength(2);
    const n = audio.channels[0]!.length;
    expect(Math.abs(back.channels[0]!.length - n) / n).toBeLessThan(0.1);
    for (let c = 0; c < 2; c++) {
      const ratio = rms(back.channels[c]!, 3000, n - 3000) / rms(audio.channels[c]!, 3000, n - 3000);
      expect(ratio).toBeGreaterThan(0.9);
      expect(ratio).toBeLessThan(1.1);
    }
  });

  it('refuses a sample rate MP3 cannot hold with AUDIO_EXPORT', async () => {
    await expect(encodeMp3({ sampleRate: 96000, channels: [sine(1, 96000, 0.1)] })).rejects.toMatchObject({ code: 'AUDIO_EXPORT' });
  });
});

describe('MIDI export', () => {
  it('writes notes that @tonejs/midi reads back with their pitches, times and tempo', () => {
    const notes = [
      { pitch: 60, start: 0, end: 0.5, velocity: 0.5 },
      { pitch: 64.2, start: 0.5, end: 1.25 },
    ];
    const bytes = encodeMidi(notes, { tempoBpm: 120 });
    const { Midi } = createRequire(import.meta.url)('@tonejs/midi') as { Midi: new (b: Uint8Array) => { header: { tempos: { bpm: number }[] }; tracks: { notes: { midi: number; time: number; duration: number; velocity: number }[] }[] } };
    const m = new Midi(bytes);
    expect(m.header.tempos[0]!.bpm).toBeCloseTo(120, 3);
    const got = m.tracks[0]!.notes;
    expect(got.map((n) => n.midi)).toEqual([60, 64]);
    expect(got[1]!.time).toBeCloseTo(0.5, 2);
    expect(got[1]!.duration).toBeCloseTo(0.75, 2);
    expect(got[0]!.velocity).toBeCloseTo(0.5, 1);
  });

  it('refuses a pitch outside MIDI range', () => {
    expect(() => encodeMidi([{ pitch: 200, start: 0, end: 1 }])).toThrow(expect.objectContaining({ code: 'AUDIO_EXPORT' }));
  });
});
