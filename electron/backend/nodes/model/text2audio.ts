import { join } from 'node:path';
import { z } from 'zod';
import { GrymError, isCancellation, serializeError } from '../../../../shared/errors.ts';
import { storeAudio } from '../../audio/audio-ref.ts';
import { modelDir } from '../../inference/model-registry.ts';
import { runMusicgen } from '../../inference/musicgen/musicgen-runner.ts';
import { UnlimitedResources } from '../../inference/resources.ts';
import { defineNodeType } from '../types.ts';
import { MODEL_NODE_RESOURCES, runtimeFor } from './runtime.ts';

/**
 * Text to music with MusicGen-small through transformers.js, reading only the files our model
 * manager installed (remote loading off). Until the model is installed it fails with MODEL_MISSING
 * naming the install command; an incomplete install is MODEL_LOAD. It never fakes output.
 */
export const generateText2Audio = defineNodeType({
  type: 'generate.text2audio',
  version: 1,
  title: 'Generate audio from text',
  category: 'Model',
  description: 'Generates music from a text prompt with a neural model (MusicGen-small, 32 kHz mono). Needs the model installed: grym models install musicgen-small.',
  inputs: [],
  outputs: [{ name: 'audio', type: 'audio' }],
  params: z.object({
    prompt: z.string().min(1).max(1000).default('lo-fi piano with soft drums'),
    durationS: z.number().min(1).max(30).default(8),
    modelId: z.string().default('musicgen-small'),
    /** Classifier-free guidance (MusicGen's default is 3). */
    guidanceScale: z.number().min(1).max(10).default(3),
  }),
  resources: MODEL_NODE_RESOURCES,
  cacheable: false,
  expectedMs: 60_000,
  async run(ctx) {
    const { prompt, durationS, modelId, guidanceScale } = ctx.params;
    const rt = runtimeFor(ctx);
    const entry = rt.registry.get(modelId);
    if (entry.task !== 'text-to-audio') throw new GrymError('INVALID_PARAMS', `model ${modelId} is a ${entry.task} model, not text-to-audio`, { nodeId: ctx.nodeId });
    rt.requireInstalled(modelId);
    // transformers.js owns its ONNX sessions, so the node takes the cpu slot and memory budget
    // that the session pool would otherwise take for it, for as long as the generation runs.
    const lease = await (ctx.resources ?? new UnlimitedResources()).acquire({ cpu: 1, memoryMb: entry.memoryMb }, { signal: ctx.signal, owner: `model:${modelId}:${ctx.runId}:${ctx.nodeId}` });
    rt.health.update(modelId, { state: 'processing', provider: 'cpu', error: undefined });
    try {
      const { audio } = await runMusicgen({
        modelDir: modelDir(rt.dataDir, modelId),
        cacheDir: join(rt.dataDir, 'cache', 'transformers'),
        prompt, durationS, guidanceScale,
        signal: ctx.signal,
        onProgress: (f, message) => ctx.progress(f, message),
      });
      rt.health.update(modelId, { state: 'ready' });
      ctx.log(`${modelId}: ${(audio.channels[0]!.length / audio.sampleRate).toFixed(2)} s at ${audio.sampleRate} Hz`);
      return { audio: storeAudio(ctx.artifacts, audio, { name: `${modelId}: ${prompt.slice(0, 60)}` }) };
    } catch (err) {
      rt.health.update(modelId, isCancellation(err) ? { state: 'ready' } : { state: 'error', error: serializeError(err) });
      throw err;
    } finally {
      lease.release();
    }
  },
});
