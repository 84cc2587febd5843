/**
 * The seam between the app service and the audio modules (peaks, encoders, embedded-workflow reader).
 * Everything audio-specific that the service needs goes through these three functions.
 */
import { GrymError } from '../../../shared/errors.ts';
import type { ExportFormat, PeaksResponse } from '../../../shared/contract.ts';
import type { Workflow } from '../../../shared/workflow/schema.ts';
import { readEmbeddedWorkflow as readEmbedded } from '../audio/embedded-workflow.ts';
import { encodeFlac } from '../audio/encode/flac-encode.ts';
import { encodeMp3 } from '../audio/encode/mp3-encode.ts';
import { encodeWav } from '../audio/encode/wav-write.ts';
import { writeFileAtomic } from '../audio/encode/write-file.ts';
import { computePeaks } from '../audio/peaks.ts';
import type { DecodedAudio } from '../audio/types.ts';

/** wavesurfer peaks: per channel, at most `buckets` (min, max) pairs interleaved. */
export function computeMinMaxPeaks(audio: DecodedAudio, buckets: number): PeaksResponse {
  const frames = audio.channels[0]?.length ?? 0;
  const samplesPerPeak = Math.max(1, Math.ceil(frames / buckets));
  const data = computePeaks(audio, { samplesPerPeak, overviewLength: buckets });
  const level = data.levels[0];
  return { peaks: level?.peaks ?? audio.channels.map(() => []), duration: data.duration, sampleRate: data.sampleRate, channels: data.channels };
}

export interface ExportSpec {
  format: ExportFormat;
  bitDepth?: 16 | 24 | 32;
  bitrate?: number;
  workflow?: Workflow;
}

export async function exportAudioFile(audio: DecodedAudio, path: string, spec: ExportSpec): Promise<void> {
  const json = spec.workflow ? JSON.stringify(spec.workflow) : undefined;
  let bytes: Uint8Array;
  if (spec.format === 'wav') {
    bytes = encodeWav(audio, spec.bitDepth ?? 16, json);
  } else if (spec.format === 'flac') {
    if (spec.bitDepth === 32) throw new GrymError('AUDIO_EXPORT', 'FLAC export supports 16 or 24 bits');
    bytes = await encodeFlac(audio, spec.bitDepth ?? 16, json);
  } else {
    if (json) throw new GrymError('AUDIO_EXPORT', 'MP3 export cannot embed a workflow; use WAV or FLAC');
    bytes = await encodeMp3(audio, spec.bitrate ?? 192);
  }
  writeFileAtomic(path, bytes);
}

/** The workflow a grym export embedded in a WAV/FLAC, or null. */
export async function readEmbeddedWorkflow(_path: string, bytes: Uint8Array): Promise<unknown> {
  return readEmbedded(bytes) ?? null;
}
