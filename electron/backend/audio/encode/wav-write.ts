/**
 * Writes RIFF WAVE: 16/24-bit integer PCM or 32-bit IEEE float, with the producing workflow in a
 * `grym` chunk of its own (after the data chunk, where players that ignore it never trip on it).
 * Files whose data would pass 4 GiB are written as RF64.
 */
import { GrymError } from '../../../../shared/errors.ts';
import type { DecodedAudio } from '../types.ts';
import { WORKFLOW_CHUNK_ID } from '../wav-read.ts';

export type WavBitDepth = 16 | 24 | 32;

function clampToInt(v: number, scale: number): number {
  const s = Math.round(v * scale);
  return s > scale - 1 ? scale - 1 : s < -scale ? -scale : s;
}

export function encodeWav(audio: DecodedAudio, bitDepth: WavBitDepth = 16, workflowJson?: string): Uint8Array {
  const nch = audio.channels.length;
  const frames = audio.channels[0]?.length ?? 0;
  if (nch === 0) throw new GrymError('AUDIO_EXPORT', 'cannot write a WAV with no channels');
  if (bitDepth !== 16 && bitDepth !== 24 && bitDepth !== 32) throw new GrymError('AUDIO_EXPORT', `WAV bit depth ${String(bitDepth)} is not one of 16, 24, 32`);
  const bps = bitDepth / 8;
  const blockAlign = nch * bps;
  const dataBytes = frames * blockAlign;
  const wf = workflowJson === undefined ? null : Buffer.from(workflowJson, 'utf8');
  const wfBytes = wf ? 8 + wf.length + (wf.length & 1) : 0;
  const rf64 = dataBytes + wfBytes + 100 > 0xffffffff;
  const headBytes = 12 + (rf64 ? 36 : 0) + 8 + 16 + 8;
  const total = headBytes + dataBytes + (dataBytes & 1) + wfBytes;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  const str = (off: number, s: string) => {
    for (let i = 0; i < 4; i++) out[off + i] = s.charCodeAt(i);
  };
  str(0, rf64 ? 'RF64' : 'RIFF');
  dv.setUint32(4, rf64 ? 0xffffffff : total - 8, true);
  str(8, 'WAVE');
  let o = 12;
  if (rf64) {
    str(o, 'ds64');
    dv.setUint32(o + 4, 28, true);
    dv.setBigUint64(o + 8, BigInt(total - 8), true);
    dv.setBigUint64(o + 16, BigInt(dataBytes), true);
    dv.setBigUint64(o + 24, BigInt(frames), true);
    dv.setUint32(o + 32, 0, true);
    o += 36;
  }
  str(o, 'fmt ');
  dv.setUint32(o + 4, 16, true);
  dv.setUint16(o + 8, bitDepth === 32 ? 3 : 1, true);
  dv.setUint16(o + 10, nch, true);
  dv.setUint32(o + 12, audio.sampleRate, true);
  dv.setUint32(o + 16, audio.sampleRate * blockAlign, true);
  dv.setUint16(o + 20, blockAlign, true);
  dv.setUint16(o + 22, bitDepth, true);
  o += 24;
  str(o, 'data');
  dv.setUint32(o + 4, rf64 ? 0xffffffff : dataBytes, true);
  o += 8;
  for (let c = 0; c < nch; c++) {
    const ch = audio.channels[c]!;
    let p = o + c * bps;
    if (bitDepth === 16) {
      for (let i = 0; i < frames; i++, p += blockAlign) dv.setInt16(p, clampToInt(ch[i]!, 32768), true);
    } else if (bitDepth === 24) {
      for (let i = 0; i < frames; i++, p += blockAlign) {
        const s = clampToInt(ch[i]!, 8388608);
        out[p] = s & 0xff;
        out[p + 1] = (s >> 8) & 0xff;
        out[p + 2] = (s >> 16) & 0xff;
      }
    } else {
      for (let i = 0; i < frames; i++, p += blockAlign) dv.setFloat32(p, ch[i]!, true);
    }
  }
  o += dataBytes + (dataBytes & 1);
  if (wf) {
    str(o, WORKFLOW_CHUNK_ID);
    dv.setUint32(o + 4, wf.length, true);
    out.set(wf, o + 8);
  }
  return out;
}
