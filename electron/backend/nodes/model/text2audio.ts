import { z } from 'zod';
import { GrymError } from '../../../../shared/errors.ts';
import { defineNodeType } from '../types.ts';
import { MODEL_NODE_RESOURCES, runtimeFor } from './runtime.ts';

/**
 * Text to music with a neural model (MusicGen-small by default). Until the model is installed it
 * fails with MODEL_MISSING naming the install command. It never fakes output: this build carries
 * no MusicGen decoding loop, so an installed model reports MODEL_INFERENCE rather than a placeholder.
 */
export const generateText2Audio = defineNodeType({
  type: 'generate.text2audio',
  version: 1,
  title: 'Generate audio from text',
  category: 'Model',
  description: 'Generates music from a text prompt with a neural model (MusicGen-small). Needs the model installed: grym models install musicgen-small.',
  inputs: [],
  outputs: [{ name: 'audio', type: 'audio' }],
  params: z.object({
    prompt: z.string().min(1).max(1000).default('lo-fi piano with soft drums'),
    durationS: z.number().min(1).max(30).default(8),
    modelId: z.string().default('musicgen-small'),
  }),
  resources: MODEL_NODE_RESOURCES,
  cacheable: false,
  expectedMs: 60_000,
  async run(ctx) {
    const rt = runtimeFor(ctx);
    rt.requireInstalled(ctx.params.modelId);
    throw new GrymError('MODEL_INFERENCE', `model ${ctx.params.modelId} is installed, but this build has no decoding loop for it yet; no audio was generated`, { nodeId: ctx.nodeId });
  },
});
