import { z } from 'zod';
import { CancelledError } from '../../../../shared/errors.ts';
import { sharedAnalysisPool } from '../../audio/analysis/pool.ts';
import { defineNodeType } from '../types.ts';
import { loadInput, throwIfAborted } from './common.ts';

/** Full analysis of an audio input (onsets, tempo, beats, pitch, key, notes, loudness, spectral), off the event loop. */
export const audioAnalyze = defineNodeType({
  type: 'audio.analyze',
  version: 1,
  title: 'Analyse audio',
  category: 'Analysis',
  description: 'Onsets, tempo and beats, pitch, key, monophonic notes, EBU R128 loudness and spectral descriptors.',
  inputs: [{ name: 'audio', type: 'audio', required: true }],
  outputs: [{ name: 'analysis', type: 'analysis' }],
  params: z.object({
    notes: z.boolean().default(true),
    fminHz: z.number().positive().default(50),
    fmaxHz: z.number().positive().default(2000),
  }),
  resources: { cpu: 1, memoryMb: 256 },
  cacheable: true,
  expectedMs: 300,
  async run(ctx) {
    const { audio } = loadInput(ctx);
    throwIfAborted(ctx.signal);
    ctx.progress(0.1, 'analysing');
    try {
      const analysis = await sharedAnalysisPool().analyze(audio, { ...ctx.params, signal: ctx.signal });
      return { analysis };
    } catch (err) {
      if (ctx.signal.aborted) throw new CancelledError('analysis cancelled', { nodeId: ctx.nodeId });
      throw err;
    }
  },
});
