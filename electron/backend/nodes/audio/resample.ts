import { z } from 'zod';
import { resample } from '../../audio/resample.ts';
import { defineNodeType } from '../types.ts';
import { audioOutput, loadInput, throwIfAborted } from './common.ts';

export const audioResample = defineNodeType({
  type: 'audio.resample',
  version: 1,
  title: 'Resample',
  category: 'Audio',
  description: 'Converts the audio to another sample rate (windowed-sinc, band-limited).',
  inputs: [{ name: 'audio', type: 'audio', required: true }],
  outputs: [{ name: 'audio', type: 'audio' }],
  params: z.object({ sampleRate: z.number().int().min(1000).max(384000).default(44100) }),
  resources: { cpu: 1 },
  cacheable: true,
  expectedMs: 500,
  run(ctx) {
    const { ref, audio } = loadInput(ctx);
    const to = ctx.params.sampleRate;
    if (to === audio.sampleRate) return Promise.resolve({ audio: ref });
    const channels = audio.channels.map((c) => {
      throwIfAborted(ctx.signal);
      return resample(c, audio.sampleRate, to);
    });
    return Promise.resolve(audioOutput(ctx, { sampleRate: to, channels }, ref));
  },
});
