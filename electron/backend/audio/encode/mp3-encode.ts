/** MP3 through lamejs (LAME in JavaScript): mono or stereo, 128–320 kbps CBR. */
import { GrymError } from '../../../../shared/errors.ts';
import type { DecodedAudio } from '../types.ts';

const MP3_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];
const BLOCK = 1152 * 32;

function toInt16(x: Float32Array, from: number, n: number, out: Int16Array): Int16Array {
  for (let i = 0; i < n; i++) {
    const s = Math.round(x[from + i]! * 32768);
    out[i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
  }
  return out.subarray(0, n);
}

/** lamejs hands back Int8Arrays over its own scratch buffer: copy them out as bytes. */
function bytesOf(a: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
}

export async function encodeMp3(audio: DecodedAudio, kbps = 192, signal?: AbortSignal): Promise<Uint8Array> {
  if (!MP3_RATES.includes(audio.sampleRate)) {
    throw new GrymError('AUDIO_EXPORT', `MP3 cannot hold ${audio.sampleRate} Hz audio: resample to one of ${MP3_RATES.join(', ')} first`);
  }
  const { Mp3Encoder } = await import('@breezystack/lamejs');
  const nch = Math.min(2, audio.channels.length);
  if (nch === 0) throw new GrymError('AUDIO_EXPORT', 'cannot write an MP3 with no channels');
  const left = audio.channels[0]!;
  const right = nch === 2 ? audio.channels[1]! : undefined;
  const enc = new Mp3Encoder(nch, audio.sampleRate, kbps);
  const parts: Uint8Array[] = [];
  const l16 = new Int16Array(BLOCK);
  const r16 = new Int16Array(BLOCK);
  for (let f0 = 0; f0 < left.length; f0 += BLOCK) {
    if (signal?.aborted) throw new GrymError('NODE_CANCELLED', 'MP3 export cancelled');
    const n = Math.min(BLOCK, left.length - f0);
    const out = right ? enc.encodeBuffer(toInt16(left, f0, n, l16), toInt16(right, f0, n, r16)) : enc.encodeBuffer(toInt16(left, f0, n, l16));
    if (out.length) parts.push(bytesOf(out));
  }
  parts.push(bytesOf(enc.flush()));
  return Buffer.concat(parts);
}
