/**
 * Recognises an audio container from its first bytes (never from the file name) and reads the
 * native sample rate from its header, so the decoder can decode at that rate without resampling.
 */
import type { AudioFormat } from './types.ts';

function ascii(b: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let i = off; i < off + len && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Length of a leading ID3v2 tag (0 when there is none). */
export function id3Length(b: Uint8Array): number {
  if (b.length < 10 || ascii(b, 0, 3) !== 'ID3') return 0;
  const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
  const footer = (b[5]! & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

const MPEG_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };
const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const BITRATES_V1_L2 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];

interface MpegFrame {
  sampleRate: number;
  length: number;
}

/** Parses an MPEG audio (layer II/III) frame header at `off`, or returns null. */
function mpegFrame(b: Uint8Array, off: number): MpegFrame | null {
  if (off + 4 > b.length) return null;
  const h1 = b[off + 1]!;
  const h2 = b[off + 2]!;
  if (b[off] !== 0xff || (h1 & 0xe0) !== 0xe0) return null;
  const version = (h1 >> 3) & 3; // 3 = MPEG1, 2 = MPEG2, 0 = MPEG2.5
  const layer = (h1 >> 1) & 3; // 1 = III, 2 = II
  if (version === 1 || (layer !== 1 && layer !== 2)) return null;
  const brIdx = h2 >> 4;
  const srIdx = (h2 >> 2) & 3;
  if (brIdx === 0 || brIdx === 15 || srIdx === 3) return null;
  const sampleRate = MPEG_RATES[version]![srIdx]!;
  const pad = (h2 >> 1) & 1;
  let kbps: number;
  let length: number;
  if (layer === 2) {
    if (version !== 3) kbps = BITRATES_V2_L3[brIdx]!;
    else kbps = BITRATES_V1_L2[brIdx]!;
    length = Math.floor((144000 * kbps) / sampleRate) + pad;
  } else {
    kbps = version === 3 ? BITRATES_V1_L3[brIdx]! : BITRATES_V2_L3[brIdx]!;
    length = Math.floor(((version === 3 ? 144000 : 72000) * kbps) / sampleRate) + pad;
  }
  return length > 4 ? { sampleRate, length } : null;
}

/** Finds the first of three consecutive valid MPEG frames within `maxScan` bytes of `start`. */
export function findMpegStream(b: Uint8Array, start: number, maxScan = 4096): { offset: number; sampleRate: number } | null {
  const end = Math.min(b.length - 4, start + maxScan);
  for (let off = start; off <= end; off++) {
    const f1 = mpegFrame(b, off);
    if (!f1) continue;
    // A stream cut inside its very first frame still reads as MP3 (and then fails to decode).
    if (off === start && off + f1.length >= b.length) return { offset: off, sampleRate: f1.sampleRate };
    const f2 = mpegFrame(b, off + f1.length);
    if (!f2 || f2.sampleRate !== f1.sampleRate) continue;
    // A short file may hold only two frames; otherwise ask for a third.
    const third = off + f1.length + f2.length;
    if (third + 4 <= b.length) {
      const f3 = mpegFrame(b, third);
      if (!f3 || f3.sampleRate !== f1.sampleRate) continue;
    }
    return { offset: off, sampleRate: f1.sampleRate };
  }
  return null;
}

/**
 * Whether an MPEG stream ends inside a frame: walks the frame chain from the first frame and
 * reports true when a frame's declared length runs past the end of the data (a cut download).
 * The walk stops quietly at anything that is not a frame header (an ID3v1 or APE tag, say).
 */
export function mpegStreamTruncated(b: Uint8Array): boolean {
  const s = findMpegStream(b, id3Length(b), 65536);
  if (!s) return false;
  let off = s.offset;
  for (;;) {
    const f = mpegFrame(b, off);
    if (!f) return false;
    if (off + f.length > b.length) return true;
    if (off + f.length === b.length) return false;
    off += f.length;
  }
}

/** The container format from the magic bytes, or null when unrecognised. */
export function sniffFormat(b: Uint8Array): AudioFormat | null {
  if (b.length < 4) return null;
  const magic = ascii(b, 0, 4);
  if ((magic === 'RIFF' || magic === 'RF64' || magic === 'BW64') && ascii(b, 8, 4) === 'WAVE') return 'wav';
  if (magic === 'fLaC') return 'flac';
  if (magic === 'FORM' && (ascii(b, 8, 4) === 'AIFF' || ascii(b, 8, 4) === 'AIFC')) return 'aiff';
  if (magic === 'OggS') {
    // First page: 27-byte header, segment table, then the first packet.
    const segs = b[26] ?? 0;
    const p = 27 + segs;
    if (ascii(b, p + 1, 6) === 'vorbis' && b[p] === 1) return 'ogg-vorbis';
    if (ascii(b, p, 8) === 'OpusHead') return 'ogg-opus';
    return 'ogg';
  }
  const id3 = id3Length(b);
  if (id3 > 0) {
    if (ascii(b, id3, 4) === 'fLaC') return 'flac';
    return 'mp3';
  }
  if (findMpegStream(b, 0)) return 'mp3';
  return null;
}

/** The native sample rate a compressed file declares in its header, where it can be read. */
export function sniffSampleRate(b: Uint8Array, format: AudioFormat): number | null {
  switch (format) {
    case 'flac': {
      const base = ascii(b, 0, 4) === 'fLaC' ? 0 : id3Length(b);
      // STREAMINFO is the first metadata block: 4-byte block header, then 10 bytes of sizes.
      const o = base + 4 + 4 + 10;
      if (o + 3 > b.length) return null;
      const rate = (b[o]! << 12) | (b[o + 1]! << 4) | (b[o + 2]! >> 4);
      return rate > 0 ? rate : null;
    }
    case 'ogg-vorbis': {
      const p = 27 + (b[26] ?? 0);
      const o = p + 7 + 4 + 1;
      if (o + 4 > b.length) return null;
      const rate = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(o, true);
      return rate > 0 ? rate : null;
    }
    case 'ogg-opus':
      return 48000;
    case 'mp3': {
      const s = findMpegStream(b, id3Length(b), 65536);
      return s ? s.sampleRate : null;
    }
    case 'aiff':
      return aiffSampleRate(b);
    default:
      return null;
  }
}

/** FLAC STREAMINFO's total sample count (0 when unknown). */
export function flacTotalSamples(b: Uint8Array): number {
  const base = ascii(b, 0, 4) === 'fLaC' ? 0 : id3Length(b);
  const o = base + 4 + 4 + 10 + 3; // points at the byte holding channels/bps/total-samples bits
  if (o + 5 > b.length) return 0;
  const hi = b[o]! & 0x0f;
  return hi * 2 ** 32 + ((b[o + 1]! << 24) >>> 0) + (b[o + 2]! << 16) + (b[o + 3]! << 8) + b[o + 4]!;
}

/** FLAC STREAMINFO's bits per sample (0 when unreadable). */
export function flacBitsPerSample(b: Uint8Array): number {
  const base = ascii(b, 0, 4) === 'fLaC' ? 0 : id3Length(b);
  const o = base + 8 + 12;
  if (o + 2 > b.length) return 0;
  return (((b[o]! & 1) << 4) | (b[o + 1]! >> 4)) + 1;
}

function aiffSampleRate(b: Uint8Array): number | null {
  let off = 12;
  while (off + 8 <= b.length) {
    const id = ascii(b, off, 4);
    const size = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(off + 4, false);
    if (id === 'COMM') {
      const r = off + 8 + 8; // channels(2) frames(4) bits(2), then an 80-bit extended float
      if (r + 10 > b.length) return null;
      const exp = ((b[r]! & 0x7f) << 8) | b[r + 1]!;
      let mant = 0;
      for (let i = 0; i < 8; i++) mant = mant * 256 + b[r + 2 + i]!;
      const rate = Math.round(mant * 2 ** (exp - 16383 - 63));
      return rate > 0 && Number.isFinite(rate) ? rate : null;
    }
    off += 8 + size + (size & 1);
  }
  return null;
}
