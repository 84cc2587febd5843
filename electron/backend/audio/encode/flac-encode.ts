/**
 * FLAC through libflacjs (libFLAC compiled to WASM), with the producing workflow in a Vorbis comment
 * (`GRYM_WORKFLOW=<json>`). libFLAC's stream encoder cannot seek back, so the STREAMINFO it wrote
 * first is patched here with the MD5 and frame sizes it reports at the end, and the metadata blocks
 * are rebuilt with our Vorbis comment.
 */
import { createRequire } from 'node:module';
import { GrymError } from '../../../../shared/errors.ts';
import type { DecodedAudio } from '../types.ts';
import { buildVorbisCommentBlock, parseFlacMetadata, WORKFLOW_COMMENT_KEY } from './flac-metadata.ts';

export type FlacBitDepth = 16 | 24;

interface FlacStreamInfo {
  min_framesize: number;
  max_framesize: number;
  total_samples: number;
  md5sum: string;
}
interface FlacLib {
  isReady(): boolean;
  on(event: 'ready', fn: () => void): void;
  create_libflac_encoder(rate: number, channels: number, bps: number, level: number, totalSamples?: number, verify?: boolean): number;
  init_encoder_stream(enc: number, write: (buf: Uint8Array, bytes: number) => void, meta: (m: FlacStreamInfo) => void, ogg?: boolean, clientData?: number): number;
  FLAC__stream_encoder_process_interleaved(enc: number, data: Int32Array, frames: number): boolean;
  FLAC__stream_encoder_finish(enc: number): boolean;
  FLAC__stream_encoder_delete(enc: number): void;
  FLAC__stream_encoder_get_state(enc: number): number;
}

let flacLib: Promise<FlacLib> | undefined;

/** Loads libFLAC once. Emscripten's loader takes the fetch path when fetch exists, so hide it meanwhile. */
export function loadFlac(): Promise<FlacLib> {
  flacLib ??= new Promise<FlacLib>((resolve, reject) => {
    const g = globalThis as { fetch?: unknown };
    const savedFetch = g.fetch;
    try {
      g.fetch = undefined;
      const lib = createRequire(import.meta.url)('libflacjs/dist/libflac.wasm.js') as FlacLib;
      const done = () => {
        g.fetch = savedFetch;
        resolve(lib);
      };
      if (lib.isReady()) done();
      else lib.on('ready', done);
      setTimeout(() => {
        g.fetch = savedFetch;
        reject(new GrymError('AUDIO_EXPORT', 'libFLAC did not become ready within 20 s'));
      }, 20_000).unref();
    } catch (err) {
      g.fetch = savedFetch;
      reject(new GrymError('AUDIO_EXPORT', `could not load libFLAC: ${(err as Error).message}`, { cause: err }));
    }
  });
  return flacLib;
}

const BLOCK_FRAMES = 1 << 16;

export async function encodeFlac(audio: DecodedAudio, bitDepth: FlacBitDepth = 16, workflowJson?: string, signal?: AbortSignal): Promise<Uint8Array> {
  const Flac = await loadFlac();
  const nch = audio.channels.length;
  const frames = audio.channels[0]?.length ?? 0;
  if (nch === 0 || nch > 8) throw new GrymError('AUDIO_EXPORT', `FLAC holds 1 to 8 channels, not ${nch}`);
  if (audio.sampleRate > 655350) throw new GrymError('AUDIO_EXPORT', `FLAC cannot hold a sample rate of ${audio.sampleRate} Hz`);
  const scale = bitDepth === 24 ? 8388608 : 32768;
  const enc = Flac.create_libflac_encoder(audio.sampleRate, nch, bitDepth, 5, frames, false);
  if (!enc) throw new GrymError('AUDIO_EXPORT', 'libFLAC refused the encoder settings');
  const chunks: Uint8Array[] = [];
  let info: FlacStreamInfo | undefined;
  try {
    const status = Flac.init_encoder_stream(enc, (buf) => chunks.push(buf.slice()), (m) => (info = m), false, 0);
    if (status !== 0) throw new GrymError('AUDIO_EXPORT', `libFLAC encoder init failed (status ${status})`);
    const block = new Int32Array(BLOCK_FRAMES * nch);
    for (let f0 = 0; f0 < frames; f0 += BLOCK_FRAMES) {
      if (signal?.aborted) throw new GrymError('NODE_CANCELLED', 'FLAC export cancelled');
      const n = Math.min(BLOCK_FRAMES, frames - f0);
      for (let c = 0; c < nch; c++) {
        const ch = audio.channels[c]!;
        for (let i = 0; i < n; i++) {
          const s = Math.round(ch[f0 + i]! * scale);
          block[i * nch + c] = s > scale - 1 ? scale - 1 : s < -scale ? -scale : s;
        }
      }
      if (!Flac.FLAC__stream_encoder_process_interleaved(enc, block.subarray(0, n * nch), n)) {
        throw new GrymError('AUDIO_EXPORT', `libFLAC failed while encoding (state ${Flac.FLAC__stream_encoder_get_state(enc)})`);
      }
    }
    if (!Flac.FLAC__stream_encoder_finish(enc)) throw new GrymError('AUDIO_EXPORT', 'libFLAC failed to finish the stream');
  } finally {
    Flac.FLAC__stream_encoder_delete(enc);
  }
  const raw = Buffer.concat(chunks);
  return rebuildHeader(raw, info, workflowJson);
}

function rebuildHeader(raw: Uint8Array, info: FlacStreamInfo | undefined, workflowJson?: string): Uint8Array {
  const meta = parseFlacMetadata(raw);
  const streaminfo = meta.blocks.find((b) => b.type === 0);
  if (!streaminfo) throw new GrymError('AUDIO_EXPORT', 'libFLAC wrote no STREAMINFO block');
  const si = streaminfo.body.slice();
  if (info) {
    si[4] = (info.min_framesize >> 16) & 0xff;
    si[5] = (info.min_framesize >> 8) & 0xff;
    si[6] = info.min_framesize & 0xff;
    si[7] = (info.max_framesize >> 16) & 0xff;
    si[8] = (info.max_framesize >> 8) & 0xff;
    si[9] = info.max_framesize & 0xff;
    if (/^[0-9a-f]{32}$/i.test(info.md5sum)) for (let i = 0; i < 16; i++) si[18 + i] = parseInt(info.md5sum.slice(2 * i, 2 * i + 2), 16);
  }
  const comments = ['ENCODER=grym-synth'];
  if (workflowJson !== undefined) comments.push(`${WORKFLOW_COMMENT_KEY}=${workflowJson}`);
  const kept = meta.blocks.filter((b) => b.type !== 0 && b.type !== 1 && b.type !== 4);
  const blocks = [{ type: 0, body: si }, ...kept, { type: 4, body: buildVorbisCommentBlock('grym-synth', comments) }];
  const parts: Uint8Array[] = [Buffer.from('fLaC', 'latin1')];
  blocks.forEach((b, i) => {
    if (b.body.length >= 1 << 24) throw new GrymError('AUDIO_EXPORT', 'FLAC metadata block is too large (the embedded workflow must stay under 16 MB)');
    const h = new Uint8Array(4);
    h[0] = (i === blocks.length - 1 ? 0x80 : 0) | b.type;
    h[1] = (b.body.length >> 16) & 0xff;
    h[2] = (b.body.length >> 8) & 0xff;
    h[3] = b.body.length & 0xff;
    parts.push(h, b.body);
  });
  parts.push(raw.subarray(meta.audioOffset));
  return Buffer.concat(parts);
}
