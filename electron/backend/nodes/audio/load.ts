import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { storeAudio } from '../../audio/audio-ref.ts';
import { decodeFile, DEFAULT_MAX_DURATION_S } from '../../audio/decode.ts';
import { readEmbeddedWorkflowFromFile } from '../../audio/embedded-workflow.ts';
import type { AudioRef } from '../../audio/types.ts';
import { defineNodeType } from '../types.ts';

/** sha256 of a file, streamed. */
async function hashFile(path: string, signal: AbortSignal): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { signal, highWaterMark: 1 << 22 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** (file content hash, cap) → the AudioRef it decoded to, so an unchanged file is not decoded again. */
const decoded = new LRUCache<string, AudioRef>({ max: 256 });

/**
 * Decodes a file into the artifact store. Cacheable with the file's sha256 as cache salt, so the
 * same path with new content re-runs; within a process an unchanged file also reuses its decode.
 */
export const audioLoad = defineNodeType({
  type: 'audio.load',
  version: 1,
  title: 'Load audio',
  category: 'Audio',
  description: 'Decodes a WAV, FLAC, MP3, Ogg Vorbis or AIFF file; outputs the audio and any workflow a grym export embedded in it.',
  inputs: [],
  outputs: [
    { name: 'audio', type: 'audio' },
    { name: 'workflow', type: 'workflow', description: 'The embedded workflow, or null' },
  ],
  params: z.object({
    path: z.string().min(1),
    maxDurationS: z.number().positive().default(DEFAULT_MAX_DURATION_S),
  }),
  resources: { cpu: 1, memoryMb: 256 },
  cacheable: true,
  // The file's content joins the cache key: an edited file re-runs, an unchanged one is a cache hit.
  cacheSalt: (p, signal) => hashFile(p.path, signal).catch(() => 'unreadable'),
  expectedMs: 500,
  async run(ctx) {
    const { path, maxDurationS } = ctx.params;
    const fileHash = await hashFile(path, ctx.signal);
    const key = `${fileHash}:${maxDurationS}`;
    const hit = decoded.get(key);
    if (hit && ctx.artifacts.has(hit.hash)) {
      ctx.log(`audio.load: ${basename(path)} unchanged (sha256 ${fileHash.slice(0, 12)}), reusing its decode`);
      return { audio: { ...hit, name: basename(path) }, workflow: hit.embeddedWorkflow ?? null };
    }
    ctx.progress(0.1, 'decoding');
    const audio = await decodeFile(path, { maxDurationS, signal: ctx.signal });
    ctx.progress(0.8, 'storing');
    const workflow = readEmbeddedWorkflowFromFile(path);
    const ref = storeAudio(ctx.artifacts, audio, { name: basename(path), embeddedWorkflow: workflow });
    decoded.set(key, ref);
    ctx.log(`audio.load: ${basename(path)} sha256 ${fileHash.slice(0, 12)} → ${ref.channels} ch, ${ref.sampleRate} Hz, ${ref.durationS.toFixed(2)} s`);
    return { audio: ref, workflow: workflow ?? null };
  },
});
