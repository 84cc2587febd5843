/**
 * Decodes MP3, Ogg Vorbis and AIFF with node-web-audio-api's native decoder (Symphonia), at the
 * file's own sample rate (sniffed from the header) so nothing is resampled. FLAC goes to audio-decode's
 * WASM libFLAC instead: Symphonia pads a truncated FLAC out to its declared length and can spend many
 * seconds on a damaged one. Ogg Opus, and anything the native decoder refuses, goes to audio-decode.
 */
import { GrymError } from '../../../shared/errors.ts';
import { flacBitsPerSample, flacTotalSamples, mpegStreamTruncated, sniffSampleRate } from './sniff.ts';
import type { AudioFormat, DecodedAudio } from './types.ts';

interface NativeAudioBuffer {
  sampleRate: number;
  numberOfChannels: number;
  length: number;
  getChannelData(c: number): Float32Array;
}
interface NativeOfflineContext {
  decodeAudioData(data: ArrayBuffer): Promise<NativeAudioBuffer>;
}
type NativeModule = { OfflineAudioContext: new (channels: number, length: number, rate: number) => NativeOfflineContext };

let nativeModule: Promise<NativeModule> | undefined;
function loadNative(): Promise<NativeModule> {
  nativeModule ??= import('node-web-audio-api') as unknown as Promise<NativeModule>;
  return nativeModule;
}

/** An ArrayBuffer holding exactly `bytes`, copying only when the view does not cover its buffer. */
function exactArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}

async function decodeNative(bytes: Uint8Array, rate: number): Promise<DecodedAudio> {
  const { OfflineAudioContext } = await loadNative();
  const ctx = new OfflineAudioContext(1, 1, rate);
  // node-web-audio-api reads the buffer without detaching it, so the caller's bytes are handed over as they are.
  const ab = await ctx.decodeAudioData(exactArrayBuffer(bytes));
  const channels: Float32Array[] = [];
  // getChannelData copies out of the native buffer: call it once per channel.
  for (let c = 0; c < ab.numberOfChannels; c++) channels.push(ab.getChannelData(c));
  return { sampleRate: ab.sampleRate, channels };
}

async function decodeWasm(bytes: Uint8Array): Promise<DecodedAudio> {
  const { default: decode } = await import('audio-decode');
  const r = await decode(bytes.slice());
  return { sampleRate: r.sampleRate, channels: r.channelData };
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function decodeCompressed(bytes: Uint8Array, format: AudioFormat): Promise<DecodedAudio> {
  const rate = sniffSampleRate(bytes, format);
  let audio: DecodedAudio;
  if (format === 'mp3' && mpegStreamTruncated(bytes)) throw new GrymError('AUDIO_DECODE', 'MP3 stream is truncated: its last frame runs past the end of the file');
  if (format === 'ogg-opus' || format === 'ogg' || format === 'flac') {
    try {
      audio = await decodeWasm(bytes);
    } catch (err) {
      throw new GrymError('AUDIO_DECODE', `could not decode ${format} data: ${reason(err)}`, { cause: err });
    }
  } else {
    if (rate === null) throw new GrymError('AUDIO_DECODE', `${format} header is damaged: no sample rate could be read`);
    try {
      audio = await decodeNative(bytes, rate);
    } catch (nativeErr) {
      try {
        audio = await decodeWasm(bytes);
      } catch {
        throw new GrymError('AUDIO_DECODE', `could not decode ${format} data: ${reason(nativeErr)}`, { cause: nativeErr });
      }
    }
  }
  if (format === 'flac') {
    // The WASM libFLAC build scales integers by 1/(2^(bits-1) - 1); grym (like most tools) uses 1/2^(bits-1).
    const bits = flacBitsPerSample(bytes);
    if (bits >= 4 && bits <= 32) {
      const k = (2 ** (bits - 1) - 1) / 2 ** (bits - 1);
      for (const ch of audio.channels) for (let i = 0; i < ch.length; i++) ch[i]! *= k;
    }
    const declared = flacTotalSamples(bytes);
    const got = audio.channels[0]?.length ?? 0;
    if (declared > 0 && got < declared) {
      throw new GrymError('AUDIO_DECODE', `FLAC stream is truncated: ${got} of ${declared} samples decoded`, { details: { decoded: got, declared } });
    }
  }
  return audio;
}
