/**
 * `grym analyze --notes=model`: replaces each result's notes with basic-pitch's transcription.
 * A file whose transcription fails gets an error entry (MODEL_MISSING names the install command).
 */
import { serializeError } from '../../../shared/errors.ts';
import { resolveDataDir } from '../paths.ts';
import { getModelRuntime } from './model-runtime.ts';
import { transcribeFile } from './transcribe-file.ts';

export async function addModelNotes<R extends { file: string; error?: { code: string; message: string }; notes?: unknown }>(results: R[], opts: { dataDir?: string } = {}): Promise<R[]> {
  const runtime = getModelRuntime(opts.dataDir ?? resolveDataDir());
  for (const r of results) {
    if (r.error) continue;
    try {
      const notes = await transcribeFile(r.file, { runtime });
      r.notes = notes.map((n) => ({ pitch: n.pitch, start: n.start, end: n.end, ...(n.velocity === undefined ? {} : { velocity: n.velocity }), ...(n.bends ? { bends: n.bends } : {}) }));
    } catch (err) {
      const e = serializeError(err);
      r.error = { code: e.code, message: e.message };
    }
  }
  return results;
}
