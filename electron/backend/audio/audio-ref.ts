/**
 * Audio as it travels between nodes: planar float32 little-endian bytes in the content-addressed
 * artifact store, referenced by an AudioRef. Loading maps the stored bytes without a further copy.
 */
import { endianness } from 'node:os';
import { GrymError } from '../../../shared/errors.ts';
import type { ArtifactStoreApi } from '../nodes/types.ts';
import type { AudioRef, DecodedAudio } from './types.ts';

if (endianness() !== 'LE') throw new Error('grym stores audio as little-endian float32 and needs a little-endian host');

export interface AudioMeta {
  name?: string;
  embeddedWorkflow?: unknown;
}

/** Planar float32 bytes of the audio, channel after channel, in one allocation. */
export function audioBytes(audio: DecodedAudio): Uint8Array {
  const frames = audio.channels[0]?.length ?? 0;
  const all = new Float32Array(frames * audio.channels.length);
  audio.channels.forEach((ch, c) => {
    if (ch.length !== frames) throw new GrymError('AUDIO_DECODE', `channel ${c} has ${ch.length} frames, channel 0 has ${frames}`);
    all.set(ch, c * frames);
  });
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

export function storeAudio(artifacts: ArtifactStoreApi, audio: DecodedAudio, meta: AudioMeta = {}): AudioRef {
  const frames = audio.channels[0]?.length ?? 0;
  const hash = artifacts.putBytes(audioBytes(audio));
  const ref: AudioRef = { kind: 'audio', hash, sampleRate: audio.sampleRate, channels: audio.channels.length, frames, durationS: frames / audio.sampleRate };
  if (meta.name !== undefined) ref.name = meta.name;
  if (meta.embeddedWorkflow !== undefined && meta.embeddedWorkflow !== null) ref.embeddedWorkflow = meta.embeddedWorkflow;
  return ref;
}

export function loadAudio(artifacts: ArtifactStoreApi, ref: AudioRef): DecodedAudio {
  const bytes = artifacts.getBytes(ref.hash);
  const expected = ref.channels * ref.frames * 4;
  if (bytes.byteLength !== expected) {
    throw new GrymError('ARTIFACT_MISSING', `audio artifact ${ref.hash.slice(0, 12)} holds ${bytes.byteLength} bytes, expected ${expected}`);
  }
  // A Float32Array view needs 4-byte alignment; small Buffers can sit at any offset of a shared pool.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Uint8Array.prototype.slice.call(bytes);
  const channels: Float32Array[] = [];
  for (let c = 0; c < ref.channels; c++) channels.push(new Float32Array(aligned.buffer, aligned.byteOffset + c * ref.frames * 4, ref.frames));
  return { sampleRate: ref.sampleRate, channels };
}
