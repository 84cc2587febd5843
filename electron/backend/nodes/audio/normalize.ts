import { z } from 'zod';
import { integratedLoudness, SILENCE_LUFS } from '../../audio/dsp/loudness.ts';
import { defineNodeType } from '../types.ts';
import { audioOutput, dbToGain, loadInput, mapSamples } from './common.ts';

function peakOf(channels: Float32Array[]): number {
  let p = 0;
  for (const ch of channels) for (let i = 0; i < ch.length; i++) p = Math.max(p, Math.abs(ch[i]!));
  return p;
}

export const audioNormalize = defineNodeType({
  type: 'audio.normalize',
  version: 1,
  title: 'Normalize',
  category: 'Audio',
  description: 'Scales the audio so its sample peak reaches a dBFS target, or its integrated loudness (EBU R128) a LUFS target.',
  inputs: [{ name: 'audio', type: 'audio', required: true }],
  outputs: [{ name: 'audio', type: 'audio' }],
  params: z.object({
    mode: z.enum(['peak', 'lufs']).default('peak'),
    /** Peak mode: the target sample peak in dBFS. */
    peakDb: z.number().min(-60).max(0).default(-1),
    /** LUFS mode: the target integrated loudness. */
    lufs: z.number().min(-60).max(0).default(-14),
  }),
  resources: { cpu: 1 },
  cacheable: true,
  expectedMs: 200,
  run(ctx) {
    const { ref, audio } = loadInput(ctx);
    const { mode, peakDb, lufs } = ctx.params;
    let gain: number;
    if (mode === 'peak') {
      const peak = peakOf(audio.channels);
      gain = peak > 0 ? dbToGain(peakDb) / peak : 1;
    } else {
      const measured = integratedLoudness(audio.channels, audio.sampleRate);
      gain = measured <= SILENCE_LUFS ? 1 : dbToGain(lufs - measured);
    }
    ctx.log(`audio.normalize (${mode}): gain ${(20 * Math.log10(gain)).toFixed(2)} dB`);
    if (gain === 1) return Promise.resolve({ audio: ref });
    return Promise.resolve(audioOutput(ctx, mapSamples(audio, ctx.signal, (v) => v * gain), ref));
  },
});
