/**
 * A port of basic-pitch's note creation (basic_pitch/note_creation.py, spotify/basic-pitch,
 * Apache-2.0): onset peaks start notes that run while the frame activation stays above the frame
 * threshold; the "melodia trick" then turns leftover strong frame energy into notes; pitch bends come
 * from the 3-bins-per-semitone contour output. Matrices are row-major [time × bins] Float32Arrays.
 */
import { CONTOURS_BINS_PER_SEMITONE, FFT_HOP, ANNOT_N_FRAMES, AUDIO_N_SAMPLES, AUDIO_SAMPLE_RATE, MAX_FREQ_IDX, MIDI_OFFSET, N_FREQ_BINS_CONTOURS, N_PITCHES } from './constants.ts';

export interface NoteEvent {
  startFrame: number;
  endFrame: number;
  pitch: number;
  amplitude: number;
  /** Contour bins (1/3 semitone) off the note's pitch, one per frame; null when dropped. */
  bends: number[] | null;
}

export interface NoteCreationOptions {
  onsetThreshold: number;
  frameThreshold: number;
  /** Minimum note length in frames (notes must be longer than this). */
  minNoteLen: number;
  inferOnsets: boolean;
  minFreqHz: number | null;
  maxFreqHz: number | null;
  melodiaTrick: boolean;
  energyTol: number;
}

const hzToMidi = (hz: number): number => 12 * (Math.log2(hz) - Math.log2(440)) + 69;

/** Zeroes activations outside [minFreq, maxFreq] (constrain_frequency). */
function constrainFrequency(onsets: Float32Array, frames: Float32Array, nFrames: number, maxFreq: number | null, minFreq: number | null): void {
  const zero = (lo: number, hi: number) => {
    for (let t = 0; t < nFrames; t++) for (let f = Math.max(0, lo); f < Math.min(N_PITCHES, hi); f++) onsets[t * N_PITCHES + f] = frames[t * N_PITCHES + f] = 0;
  };
  if (maxFreq !== null) zero(Math.round(hzToMidi(maxFreq) - MIDI_OFFSET), N_PITCHES);
  if (minFreq !== null) zero(0, Math.round(hzToMidi(minFreq) - MIDI_OFFSET));
}

/** get_infered_onsets: the max of the predicted onsets and rescaled positive frame differences. */
export function inferOnsets(onsets: Float32Array, frames: Float32Array, nFrames: number, nDiff = 2): Float32Array {
  const diff = new Float32Array(nFrames * N_PITCHES);
  let maxDiff = 0;
  let maxOnset = 0;
  for (let i = 0; i < onsets.length; i++) if (onsets[i]! > maxOnset) maxOnset = onsets[i]!;
  for (let t = nDiff; t < nFrames; t++) {
    for (let f = 0; f < N_PITCHES; f++) {
      const cur = frames[t * N_PITCHES + f]!;
      let m = Infinity;
      for (let n = 1; n <= nDiff; n++) m = Math.min(m, cur - (t - n >= 0 ? frames[(t - n) * N_PITCHES + f]! : 0));
      const v = m > 0 ? m : 0;
      diff[t * N_PITCHES + f] = v;
      if (v > maxDiff) maxDiff = v;
    }
  }
  const out = new Float32Array(onsets.length);
  const scale = maxDiff > 0 ? maxOnset / maxDiff : 0;
  for (let i = 0; i < out.length; i++) out[i] = Math.max(onsets[i]!, diff[i]! * scale);
  return out;
}

/** output_to_notes_polyphonic. `frames` and `onsets` are copied, never modified. */
export function outputToNotesPolyphonic(framesIn: Float32Array, onsetsIn: Float32Array, nFrames: number, o: NoteCreationOptions): NoteEvent[] {
  const P = N_PITCHES;
  const frames = Float32Array.from(framesIn);
  let onsets: Float32Array = Float32Array.from(onsetsIn);
  constrainFrequency(onsets, frames, nFrames, o.maxFreqHz, o.minFreqHz);
  if (o.inferOnsets) onsets = inferOnsets(onsets, frames, nFrames);

  // scipy.signal.argrelmax along time (edges excluded), kept where >= onset threshold;
  // visited backwards in time (and pitch), as np.where(...)[::-1] does.
  const onsetCells: number[] = [];
  for (let t = 1; t < nFrames - 1; t++) {
    for (let f = 0; f < P; f++) {
      const v = onsets[t * P + f]!;
      if (v > onsets[(t - 1) * P + f]! && v > onsets[(t + 1) * P + f]! && v >= o.onsetThreshold) onsetCells.push(t * P + f);
    }
  }
  const remaining = Float32Array.from(frames);
  const notes: NoteEvent[] = [];
  const mean = (f: number, a: number, b: number) => {
    let s = 0;
    for (let t = a; t < b; t++) s += frames[t * P + f]!;
    return b > a ? s / (b - a) : NaN;
  };
  const clear = (t: number, f: number) => {
    remaining[t * P + f] = 0;
    if (f < MAX_FREQ_IDX) remaining[t * P + f + 1] = 0;
    if (f > 0) remaining[t * P + f - 1] = 0;
  };

  for (let j = onsetCells.length - 1; j >= 0; j--) {
    const startIdx = Math.floor(onsetCells[j]! / P);
    const f = onsetCells[j]! % P;
    if (startIdx >= nFrames - 1) continue;
    let i = startIdx + 1;
    let k = 0;
    while (i < nFrames - 1 && k < o.energyTol) {
      if (remaining[i * P + f]! < o.frameThreshold) k++;
      else k = 0;
      i++;
    }
    i -= k;
    if (i - startIdx <= o.minNoteLen) continue;
    for (let t = startIdx; t < i; t++) clear(t, f);
    notes.push({ startFrame: startIdx, endFrame: i, pitch: f + MIDI_OFFSET, amplitude: mean(f, startIdx, i), bends: null });
  }

  if (o.melodiaTrick) {
    // Repeated argmax over `remaining`: values only ever drop to zero, so visiting the cells above
    // the threshold in (value desc, index asc) order and skipping zeroed ones is the same sequence.
    const cand: number[] = [];
    for (let c = 0; c < remaining.length; c++) if (remaining[c]! > o.frameThreshold) cand.push(c);
    cand.sort((a, b) => remaining[b]! - remaining[a]! || a - b);
    for (const c of cand) {
      if (remaining[c]! <= o.frameThreshold) continue; // zeroed by an earlier note
      const iMid = Math.floor(c / P);
      const f = c % P;
      remaining[c] = 0;
      let i = iMid + 1;
      let k = 0;
      while (i < nFrames - 1 && k < o.energyTol) {
        if (remaining[i * P + f]! < o.frameThreshold) k++;
        else k = 0;
        clear(i, f);
        i++;
      }
      const iEnd = i - 1 - k;
      i = iMid - 1;
      k = 0;
      while (i > 0 && k < o.energyTol) {
        if (remaining[i * P + f]! < o.frameThreshold) k++;
        else k = 0;
        clear(i, f);
        i--;
      }
      const iStart = i + 1 + k;
      if (iEnd - iStart <= o.minNoteLen) continue;
      notes.push({ startFrame: iStart, endFrame: iEnd, pitch: f + MIDI_OFFSET, amplitude: mean(f, iStart, iEnd), bends: null });
    }
  }
  return notes;
}

/** scipy.signal.gaussian(M, std). */
function gaussianWindow(m: number, std: number): Float64Array {
  const w = new Float64Array(m);
  const mid = (m - 1) / 2;
  for (let n = 0; n < m; n++) w[n] = Math.exp(-0.5 * ((n - mid) / std) ** 2);
  return w;
}

/** get_pitch_bends: per frame, the best contour bin near the note's pitch, weighted by a Gaussian. */
export function addPitchBends(contours: Float32Array, notes: NoteEvent[], nBinsTolerance = 25): void {
  const windowLength = nBinsTolerance * 2 + 1;
  const gauss = gaussianWindow(windowLength, 5);
  const B = N_FREQ_BINS_CONTOURS;
  for (const note of notes) {
    // midi_pitch_to_contour_bin: 36 * log2(hz / 27.5), which is 3 * (pitch - 21) exactly.
    const freqIdx = Math.round(12 * CONTOURS_BINS_PER_SEMITONE * Math.log2((440 * 2 ** ((note.pitch - 69) / 12)) / 27.5));
    const fs = Math.max(freqIdx - nBinsTolerance, 0);
    const fe = Math.min(B, freqIdx + nBinsTolerance + 1);
    const g0 = Math.max(0, nBinsTolerance - freqIdx);
    const pbShift = nBinsTolerance - g0;
    const bends: number[] = [];
    for (let t = note.startFrame; t < note.endFrame; t++) {
      let best = -Infinity;
      let arg = 0;
      for (let b = fs; b < fe; b++) {
        const v = contours[t * B + b]! * gauss[g0 + (b - fs)]!;
        if (v > best) {
          best = v;
          arg = b - fs;
        }
      }
      bends.push(arg - pbShift);
    }
    note.bends = bends;
  }
}

/** drop_overlapping_pitch_bends: sorts the notes and drops bends from notes that overlap in time. */
export function dropOverlappingPitchBends<T extends { start: number; end: number; pitch: number; bends?: unknown }>(notes: T[]): T[] {
  const sorted = [...notes].sort((a, b) => a.start - b.start || a.end - b.end || a.pitch - b.pitch);
  for (let i = 0; i < sorted.length - 1; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      if (sorted[j]!.start >= sorted[i]!.end) break;
      delete sorted[i]!.bends;
      delete sorted[j]!.bends;
    }
  }
  return sorted;
}

/** model_frames_to_time: frame index → seconds, with upstream's per-window alignment correction. */
export function modelFrameToTime(frame: number): number {
  const original = (frame * FFT_HOP) / AUDIO_SAMPLE_RATE;
  const windowNumber = Math.floor(frame / ANNOT_N_FRAMES);
  const windowOffset = (FFT_HOP / AUDIO_SAMPLE_RATE) * (ANNOT_N_FRAMES - AUDIO_N_SAMPLES / FFT_HOP) + 0.0018;
  return original - windowOffset * windowNumber;
}
