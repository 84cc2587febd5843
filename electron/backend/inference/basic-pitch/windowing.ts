/**
 * inference.py's windowing: pad half the overlap in front, cut windows of AUDIO_N_SAMPLES every
 * HOP_SIZE samples (zero-padded at the end, like tf.signal.frame with pad_end), and after inference
 * drop half the overlapping frames at each side of every window, join them, and trim to the audio.
 */
import { ANNOTATIONS_FPS, AUDIO_N_SAMPLES, AUDIO_SAMPLE_RATE, HOP_SIZE, N_OVERLAPPING_FRAMES, OVERLAP_LEN } from './constants.ts';

export function windowCount(nSamples: number): number {
  const padded = nSamples + OVERLAP_LEN / 2;
  return Math.max(1, Math.ceil(padded / HOP_SIZE));
}

/** Writes window `w` of the audio into `out` (length AUDIO_N_SAMPLES, zero-filled where past the end). */
export function fillWindow(audio: Float32Array, w: number, out: Float32Array): void {
  out.fill(0);
  const start = w * HOP_SIZE - OVERLAP_LEN / 2; // position in the original audio
  const from = Math.max(0, start);
  const to = Math.min(audio.length, start + AUDIO_N_SAMPLES);
  if (to > from) out.set(audio.subarray(from, to), from - start);
}

/** Frames the whole output will have for audio of `nSamples` samples at 22,050 Hz. */
export function outputFrameCount(nSamples: number): number {
  return Math.floor(nSamples * (ANNOTATIONS_FPS / AUDIO_SAMPLE_RATE));
}

/**
 * Joins per-window outputs ([framesPerWindow × bins] each, row-major) into one matrix, dropping
 * `N_OVERLAPPING_FRAMES / 2` frames at each end of every window, trimmed to `nFrames`.
 */
export function unwrapOutput(windows: Float32Array[], framesPerWindow: number, bins: number, nFrames: number): Float32Array {
  const olap = Math.floor(0.5 * N_OVERLAPPING_FRAMES);
  const keep = framesPerWindow - 2 * olap;
  const out = new Float32Array(nFrames * bins);
  let t = 0;
  for (const win of windows) {
    for (let f = olap; f < olap + keep && t < nFrames; f++, t++) out.set(win.subarray(f * bins, (f + 1) * bins), t * bins);
    if (t >= nFrames) break;
  }
  return out;
}
