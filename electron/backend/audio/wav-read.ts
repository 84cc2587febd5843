/**
 * A careful RIFF/RF64 WAVE reader: 8/16/24/32-bit integer and 32/64-bit float PCM, any channel
 * count and rate, WAVE_FORMAT_EXTENSIBLE, and grym's own `grym` chunk holding an embedded workflow.
 * It streams the data chunk in blocks into the planar output, so a file is never held twice.
 */
import { GrymError } from '../../../shared/errors.ts';
import type { ByteSource } from './byte-source.ts';
import type { DecodedAudio } from './types.ts';

export const WORKFLOW_CHUNK_ID = 'grym';
const MAX_CHANNELS = 1024;
const MAX_RATE = 1_536_000;
const BLOCK_BYTES = 1 << 22;

export interface WavInfo {
  format: 'int' | 'float';
  bits: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  dataOffset: number;
  dataBytes: number;
  frames: number;
  workflowText?: string;
}

function ascii(b: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let i = off; i < off + len && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

function bad(message: string, details?: unknown): GrymError {
  return new GrymError('AUDIO_DECODE', message, details === undefined ? {} : { details });
}

/** Walks the chunks and validates the header; reads no sample data. */
export function readWavInfo(src: ByteSource): WavInfo {
  const head = src.read(0, 12);
  if (head.length < 12) throw bad('WAV file is shorter than its RIFF header');
  const riff = ascii(head, 0, 4);
  const isRf64 = riff === 'RF64' || riff === 'BW64';
  let ds64Data = -1;
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataBytes' | 'frames'> | null = null;
  let data: { offset: number; bytes: number } | null = null;
  let workflowText: string | undefined;
  let off = 12;
  while (off + 8 <= src.size) {
    const h = src.read(off, 8);
    const id = ascii(h, 0, 4);
    let size = new DataView(h.buffer, h.byteOffset, 8).getUint32(4, true);
    const body = off + 8;
    if (id === 'ds64') {
      const d = src.read(body, 24);
      if (d.length < 24) throw bad('RF64 ds64 chunk is truncated');
      const dv = new DataView(d.buffer, d.byteOffset, 24);
      ds64Data = dv.getUint32(8, true) + dv.getUint32(12, true) * 2 ** 32;
    } else if (id === 'fmt ') {
      fmt = parseFmt(src.read(body, Math.min(size, 64)));
    } else if (id === 'data') {
      if (isRf64 && size === 0xffffffff && ds64Data >= 0) size = ds64Data;
      const remaining = src.size - body;
      if (size > remaining) {
        // 0 and 0xFFFFFFFF are what streaming writers leave before they know the length.
        if (size === 0xffffffff || size === 0) size = remaining;
        else throw bad(`WAV data chunk claims ${size} bytes but the file holds only ${remaining} after it`, { claimed: size, available: remaining });
      }
      data = { offset: body, bytes: size };
    } else if (id === WORKFLOW_CHUNK_ID && size > 0 && size <= 64 * 1024 * 1024 && body + size <= src.size) {
      workflowText = Buffer.from(src.read(body, size)).toString('utf8').replace(/\0+$/, '');
    }
    off = body + size + (size & 1);
  }
  if (!fmt) throw bad('WAV file has no fmt chunk');
  if (!data) throw bad('WAV file has no data chunk');
  const frames = Math.floor(data.bytes / fmt.blockAlign);
  const info: WavInfo = { ...fmt, dataOffset: data.offset, dataBytes: data.bytes, frames };
  if (workflowText !== undefined) info.workflowText = workflowText;
  return info;
}

function parseFmt(b: Uint8Array): Omit<WavInfo, 'dataOffset' | 'dataBytes' | 'frames'> {
  if (b.length < 16) throw bad('WAV fmt chunk is truncated');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let tag = dv.getUint16(0, true);
  const channels = dv.getUint16(2, true);
  const sampleRate = dv.getUint32(4, true);
  const blockAlign = dv.getUint16(12, true);
  const bitsField = dv.getUint16(14, true);
  if (tag === 0xfffe) {
    if (b.length < 26) throw bad('WAVE_FORMAT_EXTENSIBLE fmt chunk is truncated');
    tag = dv.getUint16(24, true); // first two bytes of the sub-format GUID
  }
  if (tag !== 1 && tag !== 3) throw new GrymError('AUDIO_UNSUPPORTED', `WAV encoding 0x${tag.toString(16)} is not supported (only PCM and IEEE float)`);
  if (channels < 1 || channels > MAX_CHANNELS) throw bad(`WAV header gives ${channels} channels`);
  if (sampleRate < 1 || sampleRate > MAX_RATE) throw bad(`WAV header gives a sample rate of ${sampleRate} Hz`);
  if (blockAlign === 0 || blockAlign % channels !== 0) throw bad(`WAV block align ${blockAlign} does not fit ${channels} channels`);
  const bits = (blockAlign / channels) * 8; // container size; bitsField may give fewer valid bits
  const format = tag === 3 ? 'float' : 'int';
  const ok = format === 'float' ? bits === 32 || bits === 64 : bits === 8 || bits === 16 || bits === 24 || bits === 32;
  if (!ok || bitsField > bits) throw new GrymError('AUDIO_UNSUPPORTED', `WAV ${format} samples of ${bitsField} bits in ${bits}-bit containers are not supported`);
  return { format, bits, channels, sampleRate, blockAlign };
}

/** Converts the data chunk to planar float32, block by block. Non-finite float samples are an error. */
export function readWavSamples(src: ByteSource, info: WavInfo, signal?: AbortSignal): DecodedAudio {
  const { channels: nch, frames, blockAlign, bits, format } = info;
  const out: Float32Array[] = [];
  for (let c = 0; c < nch; c++) out.push(new Float32Array(frames));
  const framesPerBlock = Math.max(1, Math.floor(BLOCK_BYTES / blockAlign));
  let nonFinite = 0;
  for (let f0 = 0; f0 < frames; f0 += framesPerBlock) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    const n = Math.min(framesPerBlock, frames - f0);
    const b = src.read(info.dataOffset + f0 * blockAlign, n * blockAlign);
    if (b.length < n * blockAlign) throw bad('WAV data ends before its declared length');
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const bps = bits / 8;
    for (let c = 0; c < nch; c++) {
      const ch = out[c]!;
      let p = c * bps;
      if (format === 'float' && bits === 32) {
        for (let i = 0; i < n; i++, p += blockAlign) {
          const v = dv.getFloat32(p, true);
          if (!Number.isFinite(v)) nonFinite++;
          ch[f0 + i] = v;
        }
      } else if (format === 'float') {
        for (let i = 0; i < n; i++, p += blockAlign) {
          const v = dv.getFloat64(p, true);
          if (!Number.isFinite(v)) nonFinite++;
          ch[f0 + i] = v;
        }
      } else if (bits === 16) {
        for (let i = 0; i < n; i++, p += blockAlign) ch[f0 + i] = dv.getInt16(p, true) / 32768;
      } else if (bits === 24) {
        for (let i = 0; i < n; i++, p += blockAlign) {
          const v = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16);
          ch[f0 + i] = ((v << 8) >> 8) / 8388608;
        }
      } else if (bits === 32) {
        for (let i = 0; i < n; i++, p += blockAlign) ch[f0 + i] = dv.getInt32(p, true) / 2147483648;
      } else {
        for (let i = 0; i < n; i++, p += blockAlign) ch[f0 + i] = (b[p]! - 128) / 128;
      }
    }
    if (nonFinite > 0) throw bad(`float WAV holds non-finite samples (NaN or Inf) in its first ${f0 + n} frames`, { nonFinite });
  }
  return { sampleRate: info.sampleRate, channels: out };
}
