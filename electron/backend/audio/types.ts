/** Decoded audio and the reference by which audio flows between nodes. */

/** Decoded PCM: one Float32Array per channel (planar), all the same length. */
export interface DecodedAudio {
  sampleRate: number;
  channels: Float32Array[];
}

/**
 * Audio as it travels between nodes: a hash into the artifact store, whose bytes are planar
 * float32 little-endian samples, channel after channel (`channels * frames * 4` bytes).
 */
export interface AudioRef {
  kind: 'audio';
  hash: string;
  sampleRate: number;
  channels: number;
  frames: number;
  durationS: number;
  name?: string;
  /** The workflow a grym export embedded in the source file, if any. */
  embeddedWorkflow?: unknown;
}

/** The container formats decode recognises from their magic bytes. */
export type AudioFormat = 'wav' | 'flac' | 'mp3' | 'ogg-vorbis' | 'ogg-opus' | 'ogg' | 'aiff';

export interface DecodeOptions {
  /** Files longer than this give AUDIO_TOO_LONG (default 4 hours). */
  maxDurationS?: number;
  signal?: AbortSignal;
  /** Guard against a decoder that never returns (default: 30 s plus 2 s per MB). */
  timeoutMs?: number;
}

export function isAudioRef(v: unknown): v is AudioRef {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<AudioRef>;
  return r.kind === 'audio' && typeof r.hash === 'string' && typeof r.sampleRate === 'number' && typeof r.channels === 'number' && typeof r.frames === 'number';
}
