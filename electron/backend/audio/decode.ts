/**
 * Decodes an audio file or buffer to planar float32, whatever its extension says: the container is
 * recognised from its magic bytes. Bad input always ends in a coded GrymError (AUDIO_DECODE,
 * AUDIO_UNSUPPORTED, AUDIO_EMPTY, AUDIO_TOO_LONG), never a crash or a hang.
 */
import { readFile } from 'node:fs/promises';
import { CancelledError, GrymError } from '../../../shared/errors.ts';
import { bufferSource, fileSource, type ByteSource } from './byte-source.ts';
import { decodeCompressed } from './compressed-decode.ts';
import { sniffFormat } from './sniff.ts';
import type { AudioFormat, DecodedAudio, DecodeOptions } from './types.ts';
import { readWavInfo, readWavSamples } from './wav-read.ts';

export type { DecodeOptions } from './types.ts';

/** Default cap on decoded duration: 4 hours. */
export const DEFAULT_MAX_DURATION_S = 4 * 3600;
const SNIFF_BYTES = 1 << 16;

export async function decodeFile(path: string, opts: DecodeOptions = {}): Promise<DecodedAudio> {
  let src: ByteSource;
  try {
    src = fileSource(path);
  } catch (err) {
    throw new GrymError('NOT_FOUND', `cannot open audio file ${path}: ${(err as Error).message}`, { cause: err });
  }
  let format: AudioFormat;
  try {
    format = sniffOrThrow(src.read(0, SNIFF_BYTES), path);
    if (format === 'wav') return decodeWav(src, opts);
  } finally {
    src.close();
  }
  const bytes = await readFile(path);
  return decodeCompressedGuarded(bytes, format, opts);
}

export async function decodeBuffer(bytes: Uint8Array, nameHint?: string, opts: DecodeOptions = {}): Promise<DecodedAudio> {
  const format = sniffOrThrow(bytes.subarray(0, SNIFF_BYTES), nameHint);
  if (format === 'wav') return decodeWav(bufferSource(bytes), opts);
  return decodeCompressedGuarded(bytes, format, opts);
}

/** Which container the bytes hold (null when unrecognised). */
export function detectFormat(bytes: Uint8Array): AudioFormat | null {
  return sniffFormat(bytes);
}

function label(name?: string): string {
  return name ? ` (${name})` : '';
}

function sniffOrThrow(head: Uint8Array, name?: string): AudioFormat {
  if (head.length === 0) throw new GrymError('AUDIO_EMPTY', `audio file is empty${label(name)}`);
  const format = sniffFormat(head);
  if (!format) throw new GrymError('AUDIO_UNSUPPORTED', `not a recognised audio format${label(name)}: expected WAV, FLAC, MP3, Ogg or AIFF`);
  return format;
}

function checkDuration(frames: number, rate: number, opts: DecodeOptions): void {
  const max = opts.maxDurationS ?? DEFAULT_MAX_DURATION_S;
  const dur = frames / rate;
  if (dur > max) throw new GrymError('AUDIO_TOO_LONG', `audio lasts ${dur.toFixed(1)} s, over the ${max} s limit`, { details: { durationS: dur, maxDurationS: max } });
}

function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError('decode cancelled');
}

function decodeWav(src: ByteSource, opts: DecodeOptions): DecodedAudio {
  checkAborted(opts.signal);
  const info = readWavInfo(src);
  if (info.frames === 0) throw new GrymError('AUDIO_EMPTY', 'WAV file holds no samples');
  checkDuration(info.frames, info.sampleRate, opts);
  try {
    return readWavSamples(src, info, opts.signal);
  } catch (err) {
    if (opts.signal?.aborted) throw new CancelledError('decode cancelled');
    throw err;
  }
}

async function decodeCompressedGuarded(bytes: Uint8Array, format: AudioFormat, opts: DecodeOptions): Promise<DecodedAudio> {
  checkAborted(opts.signal);
  const timeoutMs = opts.timeoutMs ?? 30_000 + (bytes.byteLength / 1e6) * 2000;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GrymError('AUDIO_DECODE', `${format} decoder gave no result within ${Math.round(timeoutMs)} ms`)), timeoutMs);
    onAbort = () => reject(new CancelledError('decode cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
  let audio: DecodedAudio;
  try {
    audio = await Promise.race([decodeCompressed(bytes, format), guard]);
  } finally {
    clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
  }
  const frames = audio.channels[0]?.length ?? 0;
  if (audio.channels.length === 0 || frames === 0) throw new GrymError('AUDIO_DECODE', `${format} data decoded to no samples: the file is damaged or truncated`);
  checkDuration(frames, audio.sampleRate, opts);
  for (const ch of audio.channels) {
    for (let i = 0; i < ch.length; i++) {
      if (!Number.isFinite(ch[i]!)) throw new GrymError('AUDIO_DECODE', `${format} decoder produced non-finite samples`);
    }
  }
  return audio;
}
