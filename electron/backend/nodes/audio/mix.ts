import { z } from 'zod';
import { resample } from '../../audio/resample.ts';
import type { DecodedAudio } from '../../audio/types.ts';
import { defineNodeType } from '../types.ts';
import { audioOutput, dbToGain, loadInput, throwIfAborted } from './common.ts';

const PORTS = ['a', 'b', 'c', 'd'] as const;

/**
 * Sums up to four inputs at the first input's sample rate (others are resampled). The result has as
 * many channels as the widest input and lasts as long as the longest; a mono input feeds every channel.
 */
export const audioMix = defineNodeType({
  type: 'audio.mix',
  version: 1,
  title: 'Mix',
  category: 'Audio',
  description: 'Sums two to four audio inputs, each with its own gain in dB.',
  inputs: [
    { name: 'a', type: 'audio', required: true },
    { name: 'b', type: 'audio', required: true },
    { name: 'c', type: 'audio', required: false },
    { name: 'd', type: 'audio', required: false },
  ],
  outputs: [{ name: 'audio', type: 'audio' }],
  params: z.object({ gainsDb: z.array(z.number().min(-120).max(24)).max(4).default([]) }),
  resources: { cpu: 1 },
  cacheable: true,
  expectedMs: 200,
  run(ctx) {
    const present = PORTS.filter((p) => ctx.inputs[p] !== undefined && ctx.inputs[p] !== null);
    const sources = present.map((p) => ({ port: p, ...loadInput(ctx, p) }));
    const first = sources[0]!;
    const rate = first.audio.sampleRate;
    const aligned: DecodedAudio[] = sources.map((s) => {
      throwIfAborted(ctx.signal);
      return s.audio.sampleRate === rate ? s.audio : { sampleRate: rate, channels: s.audio.channels.map((c) => resample(c, s.audio.sampleRate, rate)) };
    });
    const nch = Math.max(...aligned.map((a) => a.channels.length));
    const frames = Math.max(...aligned.map((a) => a.channels[0]?.length ?? 0));
    const out = Array.from({ length: nch }, () => new Float32Array(frames));
    aligned.forEach((a, i) => {
      throwIfAborted(ctx.signal);
      const g = dbToGain(ctx.params.gainsDb[PORTS.indexOf(sources[i]!.port)] ?? 0);
      for (let c = 0; c < nch; c++) {
        const src = a.channels.length === 1 ? a.channels[0]! : a.channels[c];
        if (!src) continue;
        const dst = out[c]!;
        for (let k = 0; k < src.length; k++) dst[k]! += g * src[k]!;
      }
    });
    return Promise.resolve(audioOutput(ctx, { sampleRate: rate, channels: out }, first.ref));
  },
});
