/**
 * basic-pitch end to end on mono 22,050 Hz audio: window it, run nmp.onnx over the windows in
 * batches, unwrap the three outputs (note, onset, contour), and create notes with the reference
 * post-processing. The runner is the session pool (or anything that runs the model once).
 */
import * as ort from 'onnxruntime-node';
import type { Note } from '../../../../shared/analysis.ts';
import { CancelledError, GrymError } from '../../../../shared/errors.ts';
import { AUDIO_N_SAMPLES, FFT_HOP, AUDIO_SAMPLE_RATE, N_FREQ_BINS_CONTOURS, N_PITCHES } from './constants.ts';
import { addPitchBends, dropOverlappingPitchBends, modelFrameToTime, outputToNotesPolyphonic } from './note-creation.ts';
import { fillWindow, outputFrameCount, unwrapOutput, windowCount } from './windowing.ts';

/** Output names of nmp.onnx: the saved-model signature sorts its outputs by key (contour, note, onset). */
export const BASIC_PITCH_IO = {
  input: 'serving_default_input_2:0',
  contour: 'StatefulPartitionedCall:0',
  note: 'StatefulPartitionedCall:1',
  onset: 'StatefulPartitionedCall:2',
} as const;

export interface BasicPitchOptions {
  onsetThreshold?: number;
  frameThreshold?: number;
  minNoteLengthMs?: number;
  minFreqHz?: number | null;
  maxFreqHz?: number | null;
  melodiaTrick?: boolean;
  inferOnsets?: boolean;
  includePitchBends?: boolean;
  /** Keep bends on notes that overlap others (upstream drops them for single-channel MIDI). */
  multiplePitchBends?: boolean;
  /** Windows per session.run (default 4). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export type ModelRunner = (feeds: Record<string, ort.Tensor>) => Promise<Record<string, ort.Tensor>>;

export interface Activations {
  nFrames: number;
  note: Float32Array;
  onset: Float32Array;
  contour: Float32Array;
}

/** Runs the model over overlapping windows and returns the unwrapped activations. */
export async function basicPitchActivations(run: ModelRunner, audio: Float32Array, opts: BasicPitchOptions = {}): Promise<Activations> {
  const nWin = windowCount(audio.length);
  const batch = Math.max(1, opts.batchSize ?? 4);
  const per = { note: [] as Float32Array[], onset: [] as Float32Array[], contour: [] as Float32Array[] };
  let framesPerWindow = 0;
  for (let w0 = 0; w0 < nWin; w0 += batch) {
    if (opts.signal?.aborted) throw new CancelledError('transcription cancelled');
    const n = Math.min(batch, nWin - w0);
    const input = new Float32Array(n * AUDIO_N_SAMPLES);
    for (let b = 0; b < n; b++) fillWindow(audio, w0 + b, input.subarray(b * AUDIO_N_SAMPLES, (b + 1) * AUDIO_N_SAMPLES));
    const out = await run({ [BASIC_PITCH_IO.input]: new ort.Tensor('float32', input, [n, AUDIO_N_SAMPLES, 1]) });
    for (const key of ['note', 'onset', 'contour'] as const) {
      const t = out[BASIC_PITCH_IO[key]];
      if (!t) throw new GrymError('MODEL_INFERENCE', `basic-pitch returned no ${key} output (${BASIC_PITCH_IO[key]})`);
      const [bDim, frames, bins] = t.dims as number[];
      if (bDim !== n || bins !== (key === 'contour' ? N_FREQ_BINS_CONTOURS : N_PITCHES)) throw new GrymError('MODEL_INFERENCE', `basic-pitch ${key} output has shape [${t.dims.join(', ')}]`);
      framesPerWindow = frames!;
      const data = t.data as Float32Array;
      const stride = frames! * bins!;
      for (let b = 0; b < n; b++) per[key].push(data.subarray(b * stride, (b + 1) * stride));
    }
    opts.onProgress?.(Math.min(1, (w0 + n) / nWin));
  }
  const nFrames = outputFrameCount(audio.length);
  return {
    nFrames,
    note: unwrapOutput(per.note, framesPerWindow, N_PITCHES, nFrames),
    onset: unwrapOutput(per.onset, framesPerWindow, N_PITCHES, nFrames),
    contour: unwrapOutput(per.contour, framesPerWindow, N_FREQ_BINS_CONTOURS, nFrames),
  };
}

/** model_output_to_notes with predict()'s defaults: thresholds 0.5 / 0.3, minimum note 58 ms. */
export function activationsToNotes(act: Activations, opts: BasicPitchOptions = {}): Note[] {
  const minNoteLen = Math.round(((opts.minNoteLengthMs ?? 58) / 1000) * (AUDIO_SAMPLE_RATE / FFT_HOP));
  const events = outputToNotesPolyphonic(act.note, act.onset, act.nFrames, {
    onsetThreshold: opts.onsetThreshold ?? 0.5,
    frameThreshold: opts.frameThreshold ?? 0.3,
    minNoteLen,
    inferOnsets: opts.inferOnsets ?? true,
    minFreqHz: opts.minFreqHz ?? null,
    maxFreqHz: opts.maxFreqHz ?? null,
    melodiaTrick: opts.melodiaTrick ?? true,
    energyTol: 11,
  });
  if (opts.includePitchBends ?? true) addPitchBends(act.contour, events);
  const notes: Note[] = events.map((e) => {
    const n: Note = { pitch: e.pitch, start: round(modelFrameToTime(e.startFrame)), end: round(modelFrameToTime(e.endFrame)), velocity: round(e.amplitude) };
    if (e.bends) n.bends = e.bends.map((b) => round(b / 3));
    return n;
  });
  return opts.multiplePitchBends ? notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch) : dropOverlappingPitchBends(notes);
}

export async function transcribeBasicPitch(run: ModelRunner, audio22k: Float32Array, opts: BasicPitchOptions = {}): Promise<Note[]> {
  return activationsToNotes(await basicPitchActivations(run, audio22k, opts), opts);
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;
