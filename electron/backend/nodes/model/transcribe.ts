import { z } from 'zod';
import { loadInput } from '../audio/common.ts';
import { TRANSCRIBE_MODEL_ID, toBasicPitchInput, transcribeSamples } from '../../inference/transcribe-file.ts';
import { defineNodeType } from '../types.ts';
import { MODEL_NODE_RESOURCES, runtimeFor } from './runtime.ts';

/** basic-pitch: polyphonic audio → notes (pitch, start, end, velocity, pitch bends). */
export const modelTranscribe = defineNodeType({
  type: 'model.transcribe',
  version: 1,
  title: 'Transcribe (basic-pitch)',
  category: 'Model',
  description: 'Polyphonic audio to notes with Spotify basic-pitch (MIDI pitch, start/end seconds, velocity 0..1, pitch bends in semitones).',
  inputs: [{ name: 'audio', type: 'audio', required: true }],
  outputs: [{ name: 'notes', type: 'notes', description: 'Note[] sorted by start' }],
  params: z.object({
    onsetThreshold: z.number().min(0.05).max(0.95).default(0.5),
    frameThreshold: z.number().min(0.05).max(0.95).default(0.3),
    minNoteLengthMs: z.number().min(0).max(2000).default(58),
    minFreqHz: z.number().positive().nullable().default(null),
    maxFreqHz: z.number().positive().nullable().default(null),
    melodiaTrick: z.boolean().default(true),
    includePitchBends: z.boolean().default(true),
  }),
  resources: MODEL_NODE_RESOURCES,
  retry: { retries: 1, initialDelayMs: 200 },
  cacheable: true,
  expectedMs: 2000,
  async run(ctx) {
    const rt = runtimeFor(ctx);
    rt.requireInstalled(TRANSCRIBE_MODEL_ID);
    const { audio } = loadInput(ctx);
    ctx.progress(0.05, 'resampling to 22,050 Hz');
    const mono = toBasicPitchInput(audio.channels, audio.sampleRate);
    const notes = await transcribeSamples(rt, mono, {
      ...ctx.params,
      signal: ctx.signal,
      onProgress: (f) => ctx.progress(0.1 + 0.85 * f, 'transcribing'),
    });
    ctx.log(`basic-pitch: ${notes.length} notes`);
    return { notes };
  },
});
