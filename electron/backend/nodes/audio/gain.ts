import { z } from 'zod';
import { defineNodeType } from '../types.ts';
import { audioOutput, dbToGain, loadInput, mapSamples } from './common.ts';

export const audioGain = defineNodeType({
  type: 'audio.gain',
  version: 1,
  title: 'Gain',
  category: 'Audio',
  description: 'Scales the audio by a gain in dB.',
  inputs: [{ name: 'audio', type: 'audio', required: true }],
  outputs: [{ name: 'audio', type: 'audio' }],
  params: z.object({ db: z.number().min(-120).max(60).default(0) }),
  resources: { cpu: 1 },
  cacheable: true,
  expectedMs: 100,
  run(ctx) {
    const { ref, audio } = loadInput(ctx);
    const g = dbToGain(ctx.params.db);
    return Promise.resolve(audioOutput(ctx, mapSamples(audio, ctx.signal, (v) => v * g), ref));
  },
});
