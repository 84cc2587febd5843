import { basename, extname } from 'node:path';
import { z } from 'zod';
import { GrymError } from '../../../../shared/errors.ts';
import { encodeFlac } from '../../audio/encode/flac-encode.ts';
import { encodeMp3 } from '../../audio/encode/mp3-encode.ts';
import { encodeWav } from '../../audio/encode/wav-write.ts';
import { resolveExportPath, writeFileAtomic } from '../../audio/encode/write-file.ts';
import { resample } from '../../audio/resample.ts';
import type { DecodedAudio } from '../../audio/types.ts';
import { defineNodeType, type NodeRunContext } from '../types.ts';
import { loadInput } from './common.ts';

const MP3_RATES = new Set([8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]);

/** The run's workflow as JSON text, as the engine put it in the context (object or string). */
export function workflowJsonOf(ctx: NodeRunContext<unknown>): string | undefined {
  if (ctx.workflow) return JSON.stringify(ctx.workflow);
  const wf = ctx.context.get<unknown>('workflow');
  if (wf === undefined || wf === null) return undefined;
  return typeof wf === 'string' ? wf : JSON.stringify(wf);
}

const params = z.object({
  path: z.string().min(1),
  format: z.enum(['wav', 'flac', 'mp3']).default('wav'),
  /** WAV: 16, 24 or 32 (float). FLAC: 16 or 24. Ignored for MP3. */
  bitDepth: z.union([z.literal(16), z.literal(24), z.literal(32)]).default(16),
  /** MP3 bitrate. */
  kbps: z.union([z.literal(128), z.literal(160), z.literal(192), z.literal(256), z.literal(320)]).default(192),
  embedWorkflow: z.boolean().default(true),
});

export const audioExport = defineNodeType({
  type: 'audio.export',
  version: 1,
  title: 'Export audio',
  category: 'Audio',
  description: 'Writes WAV (16/24-bit, 32-bit float), FLAC or MP3. WAV and FLAC carry the producing workflow so it can be restored.',
  inputs: [{ name: 'audio', type: 'audio', required: true }],
  outputs: [{ name: 'file', type: 'file' }],
  params,
  resources: { cpu: 1, memoryMb: 256 },
  cacheable: false,
  expectedMs: 1000,
  async run(ctx) {
    const { format, bitDepth, kbps, embedWorkflow } = ctx.params;
    let path = resolveExportPath(ctx.params.path, ctx.dataDir);
    if (extname(path) === '') path = `${path}.${format}`;
    const { audio } = loadInput(ctx);
    const wf = embedWorkflow ? workflowJsonOf(ctx) : undefined;
    let bytes: Uint8Array;
    if (format === 'wav') bytes = encodeWav(audio, bitDepth, wf);
    else if (format === 'flac') bytes = await encodeFlac(audio, bitDepth === 16 ? 16 : 24, wf, ctx.signal);
    else {
      let src: DecodedAudio = audio;
      if (!MP3_RATES.has(audio.sampleRate)) {
        const to = audio.sampleRate > 44100 ? 48000 : 44100;
        ctx.log(`audio.export: MP3 cannot hold ${audio.sampleRate} Hz; resampling to ${to} Hz`);
        src = { sampleRate: to, channels: audio.channels.map((c) => resample(c, audio.sampleRate, to)) };
      }
      if (audio.channels.length > 2) ctx.log('audio.export: MP3 holds two channels; writing the first two');
      bytes = await encodeMp3(src, kbps, ctx.signal);
    }
    if (bytes.byteLength === 0) throw new GrymError('AUDIO_EXPORT', 'the encoder produced no bytes');
    writeFileAtomic(path, bytes);
    ctx.log(`audio.export: wrote ${basename(path)} (${bytes.byteLength} bytes)`);
    return { file: path };
  },
});
