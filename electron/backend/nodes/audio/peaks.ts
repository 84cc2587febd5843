import { join } from 'node:path';
import { z } from 'zod';
import { getOrComputePeaks } from '../../audio/peaks-store.ts';
import { defineNodeType } from '../types.ts';
import { audioInput } from './common.ts';

export const audioPeaks = defineNodeType({
  type: 'audio.peaks',
  version: 1,
  title: 'Waveform peaks',
  category: 'Audio',
  description: 'Multi-resolution min/max peaks per channel for drawing the waveform (wavesurfer.js `peaks` + `duration`).',
  inputs: [{ name: 'audio', type: 'audio', required: true }],
  outputs: [{ name: 'peaks', type: 'peaks' }],
  params: z.object({
    samplesPerPeak: z.number().int().min(16).max(1 << 20).default(256),
    factor: z.number().int().min(2).max(16).default(4),
    overviewLength: z.number().int().min(16).max(1 << 16).default(2048),
  }),
  resources: { cpu: 1 },
  cacheable: true,
  expectedMs: 200,
  run(ctx) {
    const ref = audioInput(ctx);
    const { peaks, cached } = getOrComputePeaks(ctx.artifacts, ref, ctx.params, join(ctx.dataDir, 'cache', 'peaks'), ctx.signal);
    if (cached) ctx.log(`audio.peaks: cached peaks for ${ref.hash.slice(0, 12)}`);
    return Promise.resolve({ peaks });
  },
});
