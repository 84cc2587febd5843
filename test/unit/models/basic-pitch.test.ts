import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFile } from '../../../electron/backend/audio/decode.ts';
import { AUDIO_N_SAMPLES, HOP_SIZE, MIDI_OFFSET, N_FREQ_BINS_CONTOURS, N_PITCHES, OVERLAP_LEN } from '../../../electron/backend/inference/basic-pitch/constants.ts';
import { addPitchBends, dropOverlappingPitchBends, inferOnsets, modelFrameToTime, outputToNotesPolyphonic, type NoteCreationOptions } from '../../../electron/backend/inference/basic-pitch/note-creation.ts';
import { basicPitchActivations, BASIC_PITCH_IO } from '../../../electron/backend/inference/basic-pitch/transcribe.ts';
import { fillWindow, outputFrameCount, unwrapOutput, windowCount } from '../../../electron/backend/inference/basic-pitch/windowing.ts';
import { toBasicPitchInput } from '../../../electron/backend/inference/transcribe-file.ts';
import { evalDir, nmpPath } from './helpers/fixtures.ts';

const opts: NoteCreationOptions = { onsetThreshold: 0.5, frameThreshold: 0.3, minNoteLen: 5, inferOnsets: true, minFreqHz: null, maxFreqHz: null, melodiaTrick: true, energyTol: 11 };

function grid(nFrames: number, bins = N_PITCHES): Float32Array {
  return new Float32Array(nFrames * bins);
}
function paint(m: Float32Array, f: number, from: number, to: number, v: number, bins = N_PITCHES): void {
  for (let t = from; t < to; t++) m[t * bins + f] = v;
}

describe('basic-pitch windowing (inference.py)', () => {
  it('cuts overlapping windows of 43,844 samples every 36,164 samples after half the overlap of padding', () => {
    expect(AUDIO_N_SAMPLES).toBe(43_844);
    expect(HOP_SIZE).toBe(36_164);
    const audio = Float32Array.from({ length: 100_000 }, (_, i) => i + 1);
    expect(windowCount(audio.length)).toBe(Math.ceil((100_000 + OVERLAP_LEN / 2) / HOP_SIZE));
    const w0 = new Float32Array(AUDIO_N_SAMPLES);
    fillWindow(audio, 0, w0);
    expect(w0[OVERLAP_LEN / 2 - 1]).toBe(0);
    expect(w0[OVERLAP_LEN / 2]).toBe(1);
    const w1 = new Float32Array(AUDIO_N_SAMPLES);
    fillWindow(audio, 1, w1);
    expect(w1[0]).toBe(HOP_SIZE - OVERLAP_LEN / 2 + 1);
    const w2 = new Float32Array(AUDIO_N_SAMPLES);
    fillWindow(audio, 2, w2);
    expect(w2[AUDIO_N_SAMPLES - 1]).toBe(0); // zero-padded past the end
  });

  it('drops 15 frames at each end of every window when joining, and trims to the audio length', () => {
    const win = (base: number) => Float32Array.from({ length: 172 }, (_, t) => base + t);
    const out = unwrapOutput([win(0), win(1000)], 172, 1, 200);
    expect(out[0]).toBe(15);
    expect(out[141]).toBe(156);
    expect(out[142]).toBe(1015);
    expect(out.length).toBe(200);
    expect(outputFrameCount(22_050 * 15)).toBe(1290);
  });
});

describe('basic-pitch note creation (note_creation.py)', () => {
  it('turns an onset peak followed by frame energy into one note with its pitch, span and mean amplitude', () => {
    const n = 100;
    const frames = grid(n);
    const onsets = grid(n);
    paint(frames, 39, 10, 40, 0.8);
    onsets[10 * N_PITCHES + 39] = 0.9;
    const notes = outputToNotesPolyphonic(frames, onsets, n, opts);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ startFrame: 10, endFrame: 40, pitch: 39 + MIDI_OFFSET });
    expect(notes[0]!.amplitude).toBeCloseTo(0.8, 5);
  });

  it('drops notes no longer than the minimum length (58 ms = 5 frames)', () => {
    const n = 60;
    const make = (len: number) => {
      const frames = grid(n);
      const onsets = grid(n);
      paint(frames, 50, 10, 10 + len, 0.7);
      onsets[10 * N_PITCHES + 50] = 0.8;
      return outputToNotesPolyphonic(frames, onsets, n, { ...opts, melodiaTrick: false, inferOnsets: false });
    };
    expect(make(5)).toHaveLength(0);
    expect(make(6)).toHaveLength(1);
  });

  it('finds notes without onsets through the melodia trick, and not without it', () => {
    const n = 80;
    const frames = grid(n);
    paint(frames, 20, 5, 45, 0.6);
    const onsets = grid(n);
    expect(outputToNotesPolyphonic(frames, onsets, n, { ...opts, inferOnsets: false })).toMatchObject([{ startFrame: 5, endFrame: 44, pitch: 41 }]); // upstream's i_end = i - 1 - k
    expect(outputToNotesPolyphonic(frames, onsets, n, { ...opts, inferOnsets: false, melodiaTrick: false })).toHaveLength(0);
  });

  it('infers onsets from rises in frame activation, rescaled to the onset maximum', () => {
    const n = 20;
    const frames = grid(n);
    paint(frames, 3, 8, 20, 0.4);
    const onsets = grid(n);
    onsets[2 * N_PITCHES + 70] = 0.6;
    const out = inferOnsets(onsets, frames, n);
    expect(out[8 * N_PITCHES + 3]).toBeCloseTo(0.6, 5); // the only rise, scaled to max(onsets)
    expect(out[12 * N_PITCHES + 3]).toBe(0);
    expect(out[2 * N_PITCHES + 70]).toBeCloseTo(0.6, 5);
  });

  it('reads pitch bends from the contour in thirds of a semitone, and drops them where notes overlap', () => {
    const n = 30;
    const contours = grid(n, N_FREQ_BINS_CONTOURS);
    const centre = 3 * (60 - 21);
    paint(contours, centre + 1, 0, n, 1, N_FREQ_BINS_CONTOURS);
    const events = [{ startFrame: 2, endFrame: 6, pitch: 60, amplitude: 0.5, bends: null as number[] | null }];
    addPitchBends(contours, events);
    expect(events[0]!.bends).toEqual([1, 1, 1, 1]);
    const kept = dropOverlappingPitchBends([
      { start: 0, end: 1, pitch: 60, bends: [0] },
      { start: 0.5, end: 2, pitch: 64, bends: [1] },
      { start: 3, end: 4, pitch: 67, bends: [2] },
    ]);
    expect(kept.map((x) => x.bends)).toEqual([undefined, undefined, [2]]);
  });

  it('maps frames to seconds with upstream alignment (86.13 frames/s, corrected per 172-frame window)', () => {
    expect(modelFrameToTime(0)).toBe(0);
    expect(modelFrameToTime(86)).toBeCloseTo((86 * 256) / 22050, 9);
    const offset = (256 / 22050) * (172 - 43844 / 256) + 0.0018;
    expect(modelFrameToTime(172)).toBeCloseTo((172 * 256) / 22050 - offset, 9);
  });
});

describe('nmp.onnx outputs', () => {
  let session: ort.InferenceSession;
  beforeAll(async () => {
    session = await ort.InferenceSession.create(nmpPath, { intraOpNumThreads: 1 });
  });
  afterAll(async () => {
    await session.release();
  });

  it('has note at StatefulPartitionedCall:1 and onset at :2: note activations last, onset activations are brief', async () => {
    const audio = await decodeFile(join(evalDir, 'clips/01_melody_124bpm_Csm.flac'));
    const mono = toBasicPitchInput(audio.channels, audio.sampleRate);
    const act = await basicPitchActivations(async (feeds) => (await session.run(feeds)) as Record<string, ort.Tensor>, mono.subarray(0, 22050 * 6));
    const meanRun = (m: Float32Array) => {
      let runs = 0;
      let on = 0;
      for (let f = 0; f < N_PITCHES; f++) {
        let prev = false;
        for (let t = 0; t < act.nFrames; t++) {
          const cur = m[t * N_PITCHES + f]! > 0.5;
          if (cur) on++;
          if (cur && !prev) runs++;
          prev = cur;
        }
      }
      return runs ? on / runs : 0;
    };
    const noteRun = meanRun(act.note);
    const onsetRun = meanRun(act.onset);
    expect(BASIC_PITCH_IO.note).toBe('StatefulPartitionedCall:1');
    expect(noteRun).toBeGreaterThan(10); // frames: notes of ~0.3–1 s
    expect(onsetRun).toBeLessThan(5);
    expect(noteRun).toBeGreaterThan(3 * onsetRun);
  });
});
