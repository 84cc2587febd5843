/**
 * Model inference speed on one core (ONNX Runtime with one intra-op thread), in × realtime:
 * - basic-pitch transcription of the eval melody clips, from decoded audio to notes (resampling,
 *   windowing, inference, note creation), against the raw `session.run` time over the same windows;
 * - Silero VAD segmentation of a synthetic take, against the raw `session.run` time of its frames.
 * Goal: transcription ≥ 50× realtime.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { decodeFile } from '../../electron/backend/audio/decode.ts';
import type { DecodedAudio } from '../../electron/backend/audio/types.ts';
import { AUDIO_N_SAMPLES } from '../../electron/backend/inference/basic-pitch/constants.ts';
import { BASIC_PITCH_IO } from '../../electron/backend/inference/basic-pitch/transcribe.ts';
import { fillWindow, windowCount } from '../../electron/backend/inference/basic-pitch/windowing.ts';
import { ModelRuntime } from '../../electron/backend/inference/model-runtime.ts';
import { toBasicPitchInput, transcribeSamples } from '../../electron/backend/inference/transcribe-file.ts';
import { probabilitiesToSegments } from '../../electron/backend/inference/vad/segments.ts';
import { sileroProbabilities, VAD_CONTEXT, VAD_FRAME, VAD_SAMPLE_RATE } from '../../electron/backend/inference/vad/silero.ts';
import { syntheticVoice } from '../unit/models/helpers/voice.ts';
import type { BenchResult } from './types.ts';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const shared = resolve(repoRoot, '../shared');

async function best<T>(reps: number, fn: () => Promise<T>): Promise<number> {
  let bestMs = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    bestMs = Math.min(bestMs, performance.now() - t);
  }
  return bestMs;
}

export async function bench(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'grym-bench-models-'));
  const rt = new ModelRuntime({ dataDir, threads: 1, provider: 'cpu', log: () => {} });
  try {
    await rt.install('basic-pitch', { source: join(shared, 'models/basic-pitch/nmp.onnx') });
    const truth = JSON.parse(readFileSync(join(shared, 'eval/truth.json'), 'utf8')) as { clips: { file: string; notes?: unknown }[] };
    const clips: DecodedAudio[] = [];
    for (const c of truth.clips.filter((x) => x.notes)) clips.push(await decodeFile(join(shared, 'eval', c.file)));
    const audioS = clips.reduce((a, c) => a + c.channels[0]!.length / c.sampleRate, 0);

    // Baseline: raw session.run over the same windows (batches of 4), nothing else.
    const raw = await ort.InferenceSession.create(join(dataDir, 'models/basic-pitch/nmp.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
    const inputs = clips.map((c) => toBasicPitchInput(c.channels, c.sampleRate));
    const rawOnce = async () => {
      for (const x of inputs) {
        const n = windowCount(x.length);
        for (let w0 = 0; w0 < n; w0 += 4) {
          const b = Math.min(4, n - w0);
          const buf = new Float32Array(b * AUDIO_N_SAMPLES);
          for (let k = 0; k < b; k++) fillWindow(x, w0 + k, buf.subarray(k * AUDIO_N_SAMPLES, (k + 1) * AUDIO_N_SAMPLES));
          await raw.run({ [BASIC_PITCH_IO.input]: new ort.Tensor('float32', buf, [b, AUDIO_N_SAMPLES, 1]) });
        }
      }
    };
    let nNotes = 0;
    const fullOnce = async () => {
      nNotes = 0;
      for (const c of clips) nNotes += (await transcribeSamples(rt, toBasicPitchInput(c.channels, c.sampleRate))).length;
    };
    // Interleaved, best of 3 each, so load from other processes hits both alike.
    let rawMs = Infinity;
    let fullMs = Infinity;
    for (let i = 0; i < 3; i++) {
      rawMs = Math.min(rawMs, await best(1, rawOnce));
      fullMs = Math.min(fullMs, await best(1, fullOnce));
    }
    await raw.release();
    const xrt = audioS / (fullMs / 1000);
    const rawXrt = audioS / (rawMs / 1000);

    // VAD over a 60 s take: voice, silence, voice...
    const take = new Float32Array(VAD_SAMPLE_RATE * 60);
    for (let s = 0; s + 6 <= 60; s += 8) take.set(syntheticVoice(5, VAD_SAMPLE_RATE, s + 1), s * VAD_SAMPLE_RATE);
    let nSegs = 0;
    const vadMs = await best(2, async () => {
      const p = await rt.use('silero-vad', (run) => sileroProbabilities(run, take));
      nSegs = probabilitiesToSegments(p, VAD_FRAME, VAD_SAMPLE_RATE, take.length).length;
    });
    const vadRaw = await ort.InferenceSession.create(rt.requireInstalled('silero-vad'), { intraOpNumThreads: 1, interOpNumThreads: 1 });
    const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
    const vadRawMs = await best(2, async () => {
      let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(256), [2, 1, 128]);
      for (let i = 0; i < take.length / VAD_FRAME; i++) {
        const out = await vadRaw.run({ input: new ort.Tensor('float32', new Float32Array(VAD_FRAME + VAD_CONTEXT), [1, VAD_FRAME + VAD_CONTEXT]), state, sr });
        state = out.stateN!;
      }
    });
    await vadRaw.release();
    const vadXrt = 60 / (vadMs / 1000);
    const vadRawXrt = 60 / (vadRawMs / 1000);

    return [
      {
        name: 'basic-pitch transcription speed (1 core)',
        value: +xrt.toFixed(1),
        unit: '× realtime',
        baseline: { name: 'raw nmp.onnx session.run over the same windows', value: +rawXrt.toFixed(1), unit: '× realtime' },
        ratio: +(xrt / rawXrt).toFixed(3),
        goal: '≥ 50× realtime',
        met: xrt >= 50,
        notes: `${audioS.toFixed(0)} s of melody audio, ${nNotes} notes, includes resampling 44.1→22.05 kHz and note creation; session in a worker thread; best of 3`,
      },
      {
        name: 'Silero VAD segmentation speed (1 core)',
        value: +vadXrt.toFixed(1),
        unit: '× realtime',
        baseline: { name: 'raw silero session.run over the same frames', value: +vadRawXrt.toFixed(1), unit: '× realtime' },
        ratio: +(vadXrt / vadRawXrt).toFixed(3),
        notes: `60 s synthetic take, ${nSegs} regions; best of 2`,
      },
    ];
  } finally {
    await rt.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await bench(), null, 2));
}
