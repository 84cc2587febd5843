/** What the audio node types share: reading an AudioRef input, cancellation, and writing output audio. */
import { CancelledError, GrymError } from '../../../../shared/errors.ts';
import { loadAudio, storeAudio, type AudioMeta } from '../../audio/audio-ref.ts';
import { isAudioRef, type AudioRef, type DecodedAudio } from '../../audio/types.ts';
import type { NodeRunContext } from '../types.ts';

export function audioInput(ctx: NodeRunContext<unknown>, port = 'audio'): AudioRef {
  const v = ctx.inputs[port];
  if (!isAudioRef(v)) throw new GrymError('MISSING_INPUT', `input "${port}" is not audio`, { nodeId: ctx.nodeId });
  return v;
}

export function loadInput(ctx: NodeRunContext<unknown>, port = 'audio'): { ref: AudioRef; audio: DecodedAudio } {
  const ref = audioInput(ctx, port);
  return { ref, audio: loadAudio(ctx.artifacts, ref) };
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError('cancelled');
}

/** Stores `audio` and returns the node output `{ audio: AudioRef }`, keeping the source's name. */
export function audioOutput(ctx: NodeRunContext<unknown>, audio: DecodedAudio, from?: AudioRef): { audio: AudioRef } {
  const meta: AudioMeta = {};
  if (from?.name !== undefined) meta.name = from.name;
  return { audio: storeAudio(ctx.artifacts, audio, meta) };
}

/** Applies `fn` to every sample of a copy of each channel, checking for cancellation between channels. */
export function mapSamples(audio: DecodedAudio, signal: AbortSignal, fn: (v: number) => number): DecodedAudio {
  const channels = audio.channels.map((ch) => {
    throwIfAborted(signal);
    const out = new Float32Array(ch.length);
    for (let i = 0; i < ch.length; i++) out[i] = fn(ch[i]!);
    return out;
  });
  return { sampleRate: audio.sampleRate, channels };
}

export const dbToGain = (db: number): number => 10 ** (db / 20);
