/**
 * What an installed MusicGen directory must hold for transformers.js, and what we read from its
 * `config.json` ourselves (sample rate, EnCodec frame rate, codebooks) before any weights load.
 * Everything here is cheap and synchronous, so an incomplete or corrupt install is reported as
 * MODEL_LOAD before a worker is started.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { GrymError } from '../../../../shared/errors.ts';

/**
 * The weight precision per session, as on the Xenova/musicgen-small model card: 8-bit text encoder
 * and decoder (the `_quantized` files), fp32 EnCodec decoder. transformers.js turns each into
 * `onnx/<session><suffix>.onnx`; the registry lists exactly these files.
 */
export const MUSICGEN_DTYPES = { text_encoder: 'q8', decoder_model_merged: 'q8', encodec_decode: 'fp32' } as const;
const DTYPE_SUFFIX: Record<string, string> = { q8: '_quantized', fp32: '' };

/** The ONNX files transformers.js opens for MUSICGEN_DTYPES. */
export function musicgenOnnxFiles(): string[] {
  return Object.entries(MUSICGEN_DTYPES).map(([session, dtype]) => `onnx/${session}${DTYPE_SUFFIX[dtype] ?? ''}.onnx`);
}

/** The JSON files transformers.js reads: model config, generation defaults and the T5 tokenizer. */
export const MUSICGEN_JSON_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

export function musicgenRequiredFiles(): string[] {
  return [...MUSICGEN_JSON_FILES, ...musicgenOnnxFiles()];
}

const ConfigSchema = z.object({
  model_type: z.literal('musicgen'),
  audio_encoder: z.object({
    sampling_rate: z.number().int().positive(),
    frame_rate: z.number().positive().optional(),
    upsampling_ratios: z.array(z.number().int().positive()).min(1).optional(),
  }),
  decoder: z.object({ num_codebooks: z.number().int().positive() }),
});

export interface MusicgenConfig {
  sampleRate: number;
  /** EnCodec frames (decoder steps) per second of audio. */
  frameRate: number;
  numCodebooks: number;
}

function loadError(dir: string, message: string, details: Record<string, unknown> = {}): GrymError {
  return new GrymError('MODEL_LOAD', `MusicGen files in ${dir} are unusable: ${message}; reinstall with \`grym models remove musicgen-small\` and \`grym models install musicgen-small\``, { details: { modelDir: dir, ...details } });
}

/** MODEL_LOAD naming every required file that is absent or empty. */
export function checkMusicgenDir(dir: string, required: readonly string[] = musicgenRequiredFiles()): void {
  const missing = required.filter((f) => {
    const p = join(dir, f);
    return !existsSync(p) || !statSync(p).isFile() || statSync(p).size === 0;
  });
  if (missing.length > 0) throw loadError(dir, `missing or empty ${missing.join(', ')}`, { missing });
}

export function readMusicgenConfig(dir: string): MusicgenConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  } catch (err) {
    throw loadError(dir, `config.json cannot be read (${(err as Error).message})`);
  }
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) throw loadError(dir, `config.json is not a MusicGen config (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  const { audio_encoder: enc, decoder } = parsed.data;
  // EncodecConfig.frame_rate is a computed property in Python, so exports usually carry only the ratios.
  const hop = enc.upsampling_ratios?.reduce((a, b) => a * b, 1);
  const frameRate = enc.frame_rate ?? (hop ? Math.ceil(enc.sampling_rate / hop) : null);
  if (frameRate === null) throw loadError(dir, 'config.json gives neither audio_encoder.frame_rate nor audio_encoder.upsampling_ratios');
  return { sampleRate: enc.sampling_rate, frameRate, numCodebooks: decoder.num_codebooks };
}

/**
 * Decoder steps for `durationS` of audio. MusicGen's delay pattern offsets codebook k by k steps and
 * the first step is the start token, so `steps + 1 - numCodebooks` frames survive; ask for enough.
 */
export function maxNewTokensFor(durationS: number, cfg: MusicgenConfig): number {
  return Math.ceil(durationS * cfg.frameRate) + cfg.numCodebooks - 1;
}
