/** Reads and writes FLAC metadata blocks, and the Vorbis comment that carries an embedded workflow. */
import { GrymError } from '../../../../shared/errors.ts';

export const WORKFLOW_COMMENT_KEY = 'GRYM_WORKFLOW';

export interface FlacBlock {
  type: number;
  body: Uint8Array;
}

/** The metadata blocks of a native FLAC stream, and where its audio frames begin. */
export function parseFlacMetadata(b: Uint8Array): { blocks: FlacBlock[]; audioOffset: number } {
  if (b.length < 4 || b[0] !== 0x66 || b[1] !== 0x4c || b[2] !== 0x61 || b[3] !== 0x43) throw new GrymError('AUDIO_DECODE', 'not a FLAC stream');
  const blocks: FlacBlock[] = [];
  let off = 4;
  for (;;) {
    if (off + 4 > b.length) throw new GrymError('AUDIO_DECODE', 'FLAC metadata is truncated');
    const last = (b[off]! & 0x80) !== 0;
    const type = b[off]! & 0x7f;
    const len = (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!;
    if (off + 4 + len > b.length) throw new GrymError('AUDIO_DECODE', 'FLAC metadata block runs past the end of the file');
    blocks.push({ type, body: b.subarray(off + 4, off + 4 + len) });
    off += 4 + len;
    if (last) break;
  }
  return { blocks, audioOffset: off };
}

export function buildVorbisCommentBlock(vendor: string, comments: string[]): Uint8Array {
  const enc = (s: string) => Buffer.from(s, 'utf8');
  const v = enc(vendor);
  const cs = comments.map(enc);
  const out = Buffer.alloc(4 + v.length + 4 + cs.reduce((n, c) => n + 4 + c.length, 0));
  let o = out.writeUInt32LE(v.length, 0);
  o += v.copy(out, o);
  o = out.writeUInt32LE(cs.length, o);
  for (const c of cs) {
    o = out.writeUInt32LE(c.length, o);
    o += c.copy(out, o);
  }
  return out;
}

/** The comments of a Vorbis comment block body as KEY=value strings. */
export function parseVorbisComments(body: Uint8Array): string[] {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (buf.length < 8) return [];
  const vlen = buf.readUInt32LE(0);
  let o = 4 + vlen;
  if (o + 4 > buf.length) return [];
  const n = buf.readUInt32LE(o);
  o += 4;
  const out: string[] = [];
  for (let i = 0; i < n && o + 4 <= buf.length; i++) {
    const len = buf.readUInt32LE(o);
    o += 4;
    if (o + len > buf.length) break;
    out.push(buf.toString('utf8', o, o + len));
    o += len;
  }
  return out;
}
