/**
 * `transcribeFile(path)`: basic-pitch notes for an audio file, for `grym analyze --notes=model`.
 * Decodes, mixes to mono, resamples to 22,050 Hz and runs the model through the shared runtime
 * (MODEL_MISSING, with the install command, when basic-pitch is not installed).
 */
import type { Note } from '../../../shared/analysis.ts';
import { ANALYSIS_RATE, toAnalysisRate } from '../audio/analysis/analyze.ts';
import { decodeFile } from '../audio/decode.ts';
import { resolveDataDir } from '../paths.ts';
import { AUDIO_SAMPLE_RATE } from './basic-pitch/constants.ts';
import { transcribeBasicPitch, type BasicPitchOptions } from './basic-pitch/transcribe.ts';
import { getModelRuntime, type ModelRuntime } from './model-runtime.ts';

export const TRANSCRIBE_MODEL_ID = 'basic-pitch';

/**
 * Mono 22,050 Hz audio from any decoded audio: the analysis module's exact half-band decimation from
 * 44.1/88.2 kHz, the general band-limited resampler from other rates.
 */
export function toBasicPitchInput(channels: Float32Array[], sampleRate: number): Float32Array {
  if (ANALYSIS_RATE !== AUDIO_SAMPLE_RATE) throw new Error('basic-pitch and the analysis module disagree on 22,050 Hz');
  return toAnalysisRate({ sampleRate, channels });
}

export async function transcribeSamples(rt: ModelRuntime, mono22k: Float32Array, opts: BasicPitchOptions = {}): Promise<Note[]> {
  rt.requireInstalled(TRANSCRIBE_MODEL_ID);
  return transcribeBasicPitch((feeds) => rt.run(TRANSCRIBE_MODEL_ID, feeds, opts.signal ? { signal: opts.signal } : {}), mono22k, opts);
}

export async function transcribeFile(path: string, opts: BasicPitchOptions & { dataDir?: string; runtime?: ModelRuntime } = {}): Promise<Note[]> {
  const rt = opts.runtime ?? getModelRuntime(opts.dataDir ?? resolveDataDir());
  rt.requireInstalled(TRANSCRIBE_MODEL_ID);
  const audio = await decodeFile(path, opts.signal ? { signal: opts.signal } : {});
  return transcribeSamples(rt, toBasicPitchInput(audio.channels, audio.sampleRate), opts);
}
