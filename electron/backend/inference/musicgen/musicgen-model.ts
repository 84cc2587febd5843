/**
 * MusicGen through transformers.js on the current thread: load the T5 tokenizer and
 * `MusicgenForConditionalGeneration` from an installed directory, then sample audio codes step by
 * step and decode them with EnCodec. The worker (`musicgen-worker.ts`) runs this off the back end's
 * event loop; tests call it directly.
 */
import { resolve } from 'node:path';
import { CancelledError, GrymError } from '../../../../shared/errors.ts';
import { checkMusicgenDir, MUSICGEN_DTYPES, readMusicgenConfig, type MusicgenConfig } from './musicgen-files.ts';
import { localTransformers, remoteAttemptCount, type Transformers } from './transformers-local.ts';

type Tokenizer = Awaited<ReturnType<Transformers['AutoTokenizer']['from_pretrained']>>;
type Model = Awaited<ReturnType<Transformers['MusicgenForConditionalGeneration']['from_pretrained']>>;

export interface MusicgenHandle {
  dir: string;
  config: MusicgenConfig;
  tokenizer: Tokenizer;
  model: Model;
  tjs: Transformers;
}

export interface OpenOptions {
  cacheDir: string;
  /** ONNX Runtime intra-op threads per session (default 1: the one cpu slot the caller holds). */
  threads?: number;
  /** Skip our own file check (tests use this to see what transformers.js itself does). */
  skipFileCheck?: boolean;
}

/** Loads tokenizer and model from `dir`. Any failure is MODEL_LOAD naming the directory. */
export async function openMusicgen(dir: string, opts: OpenOptions): Promise<MusicgenHandle> {
  const abs = resolve(dir);
  const config = readMusicgenConfig(abs);
  if (!opts.skipFileCheck) checkMusicgenDir(abs);
  const tjs = await localTransformers({ modelDir: abs, cacheDir: opts.cacheDir });
  // An absolute path is not a hub model id, so transformers.js reads `<abs>/<file>` and nothing else.
  // allSettled: when one half fails, the other has finished (and is released) before we report.
  const [tokenizer, model] = await Promise.allSettled([
    tjs.AutoTokenizer.from_pretrained(abs, { local_files_only: true }),
    tjs.MusicgenForConditionalGeneration.from_pretrained(abs, {
      local_files_only: true,
      device: 'cpu',
      dtype: { ...MUSICGEN_DTYPES },
      session_options: { intraOpNumThreads: opts.threads ?? 1, interOpNumThreads: 1 },
    }),
  ]);
  if (tokenizer.status === 'fulfilled' && model.status === 'fulfilled') return { dir: abs, config, tokenizer: tokenizer.value, model: model.value, tjs };
  if (model.status === 'fulfilled') await model.value.dispose().catch(() => {});
  const err: unknown = tokenizer.status === 'rejected' ? tokenizer.reason : (model as PromiseRejectedResult).reason;
  if (err instanceof GrymError) throw err;
  throw new GrymError('MODEL_LOAD', `MusicGen failed to load from ${abs}: ${(err as Error)?.message ?? String(err)}`, { cause: err, details: { modelDir: abs, remoteAttempts: remoteAttemptCount() } });
}

export interface GenerateOptions {
  prompt: string;
  /** Decoder steps (see `maxNewTokensFor`). */
  maxNewTokens: number;
  guidanceScale: number;
  /** Samples to keep (the decoder may produce a few more than asked). */
  maxSamples: number;
  /** Called after every decoder step. */
  onStep?: (step: number, total: number) => void;
  /** Checked between decoder steps; true stops with CancelledError. */
  shouldStop?: () => boolean;
}

/** Generates mono audio at `handle.config.sampleRate`. */
export async function generateMusic(handle: MusicgenHandle, opts: GenerateOptions): Promise<Float32Array> {
  const { tjs, tokenizer, model } = handle;
  let step = -1; // the first put() carries the start tokens, not a generated step
  class StepStreamer extends tjs.BaseStreamer {
    override put(): void {
      if (opts.shouldStop?.()) throw new CancelledError('generation cancelled');
      if (step >= 0) opts.onStep?.(step + 1, opts.maxNewTokens);
      step++;
    }
    override end(): void {}
  }
  const inputs = tokenizer(opts.prompt);
  let out: unknown;
  try {
    // The .d.ts types `streamer` as a TextStreamer; generate() only calls put() and end() on it.
    out = await model.generate({ ...inputs, max_new_tokens: opts.maxNewTokens, do_sample: true, guidance_scale: opts.guidanceScale, streamer: new StepStreamer() as never });
  } catch (err) {
    if (err instanceof GrymError) throw err;
    throw new GrymError('MODEL_INFERENCE', `MusicGen failed while generating: ${(err as Error).message ?? String(err)}`, { cause: err });
  }
  if (opts.shouldStop?.()) throw new CancelledError('generation cancelled');
  if (!(out instanceof tjs.Tensor) || !(out.data instanceof Float32Array)) {
    throw new GrymError('MODEL_INFERENCE', 'MusicGen returned no float32 audio tensor');
  }
  // audio_values: [batch 1, channels 1, samples]
  const samples = out.data;
  if (samples.length === 0) throw new GrymError('MODEL_INFERENCE', 'MusicGen produced no samples');
  return samples.slice(0, Math.min(samples.length, opts.maxSamples));
}
