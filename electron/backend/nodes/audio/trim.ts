import { z } from 'zod';
import { GrymError } from '../../../../shared/errors.ts';
import { defineNodeType } from '../types.ts';
import { audioOutput, loadInput } from './common.ts';

export const audioTrim = defineNodeType({
  type: 'audio.trim',
  version: 1,
  title: 'Trim',
  category: 'Audio',
  description: 'Keeps the audio between a start and an end time (seconds; no end means to the end).',
  inputs: [{ name: 'audio', type: 'audio', required: true }],
  outputs: [{ name: 'audio', type: 'audio' }],
  params: z.object({ startS: z.number().min(0).default(0), endS: z.number().positive().optional() }),
  resources: { cpu: 1 },
  cacheable: true,
  expectedMs: 50,
  run(ctx) {
    const { ref, audio } = loadInput(ctx);
    const frames = audio.channels[0]?.length ?? 0;
    const a = Math.min(frames, Math.round(ctx.params.startS * audio.sampleRate));
    const b = ctx.params.endS === undefined ? frames : Math.min(frames, Math.round(ctx.params.endS * audio.sampleRate));
    if (b <= a) throw new GrymError('AUDIO_EMPTY', `trim ${ctx.params.startS}–${ctx.params.endS ?? 'end'} s leaves nothing of ${ref.durationS.toFixed(2)} s of audio`, { nodeId: ctx.nodeId });
    return Promise.resolve(audioOutput(ctx, { sampleRate: audio.sampleRate, channels: audio.channels.map((c) => c.subarray(a, b)) }, ref));
  },
});
