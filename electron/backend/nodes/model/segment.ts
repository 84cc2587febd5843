import { z } from 'zod';
import { resample, toMono } from '../../audio/resample.ts';
import { probabilitiesToSegments } from '../../inference/vad/segments.ts';
import { sileroProbabilities, VAD_FRAME, VAD_SAMPLE_RATE } from '../../inference/vad/silero.ts';
import { loadInput } from '../audio/common.ts';
import { defineNodeType } from '../types.ts';
import { MODEL_NODE_RESOURCES, runtimeFor } from './runtime.ts';

export const VAD_MODEL_ID = 'silero-vad';

/** Silero VAD: the active regions of a take ("auto-chop"), padded, with short gaps merged. */
export const audioSegment = defineNodeType({
  type: 'audio.segment',
  version: 1,
  title: 'Segment (Silero VAD)',
  category: 'Model',
  description: 'Finds the active (voiced) regions of audio with Silero VAD: start/end seconds, padded, with gaps shorter than the minimum merged.',
  inputs: [{ name: 'audio', type: 'audio', required: true }],
  outputs: [{ name: 'segments', type: 'segments', description: '{ start, end }[] in seconds' }],
  params: z.object({
    threshold: z.number().min(0.05).max(0.95).default(0.5),
    minSpeechMs: z.number().min(0).max(10_000).default(250),
    minSilenceMs: z.number().min(0).max(10_000).default(100),
    padMs: z.number().min(0).max(2000).default(30),
    minGapMs: z.number().min(0).max(10_000).default(300),
  }),
  resources: MODEL_NODE_RESOURCES,
  retry: { retries: 1, initialDelayMs: 200 },
  cacheable: true,
  expectedMs: 1000,
  async run(ctx) {
    const rt = runtimeFor(ctx);
    rt.requireInstalled(VAD_MODEL_ID);
    const { audio } = loadInput(ctx);
    const mono = resample(toMono(audio.channels), audio.sampleRate, VAD_SAMPLE_RATE);
    const probs = await rt.use(
      VAD_MODEL_ID,
      (run) => sileroProbabilities(run, mono, { signal: ctx.signal, onProgress: (f) => ctx.progress(0.05 + 0.9 * f, 'detecting activity') }),
      { signal: ctx.signal },
    );
    const segments = probabilitiesToSegments(probs, VAD_FRAME, VAD_SAMPLE_RATE, mono.length, ctx.params);
    return { segments };
  },
});
