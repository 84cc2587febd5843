/**
 * Runs one MusicGen generation in a worker thread and returns the audio. The install directory is
 * checked here first (cheap, synchronous), so a missing or corrupt file is MODEL_LOAD before any
 * thread starts. Cancelling sets the worker's stop flag: it stops at the next decoder step (a call
 * already inside ONNX Runtime finishes first, as everywhere in the session pool).
 */
import { resolve } from 'node:path';
import { CancelledError, GrymError, type SerializedError } from '../../../../shared/errors.ts';
import type { DecodedAudio } from '../../audio/types.ts';
import { siblingModule, spawnModuleWorker } from '../../worker-spawn.ts';
import { checkMusicgenDir, maxNewTokensFor, readMusicgenConfig } from './musicgen-files.ts';
import type { WorkerJob, WorkerMessage } from './musicgen-protocol.ts';

export interface MusicgenRequest {
  modelDir: string;
  cacheDir: string;
  prompt: string;
  durationS: number;
  guidanceScale?: number;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

/** What came back besides the audio: evidence that nothing was fetched. */
export interface MusicgenResult {
  audio: DecodedAudio;
  remoteAttempts: number;
}

function fromWire(e: SerializedError, remoteAttempts: number): GrymError {
  if (e.code === 'NODE_CANCELLED') return new CancelledError(e.message);
  const details = typeof e.details === 'object' && e.details !== null ? { ...e.details, remoteAttempts } : { remoteAttempts };
  return new GrymError(e.code, e.message, { details, ...(e.retryable ? { retryable: true } : {}) });
}

export async function runMusicgen(req: MusicgenRequest): Promise<MusicgenResult> {
  const dir = resolve(req.modelDir);
  const config = readMusicgenConfig(dir);
  checkMusicgenDir(dir);
  if (req.signal?.aborted) throw new CancelledError('generation cancelled');
  const maxNewTokens = maxNewTokensFor(req.durationS, config);
  const stop = new SharedArrayBuffer(4);
  const job: WorkerJob = {
    modelDir: dir, cacheDir: resolve(req.cacheDir), prompt: req.prompt, maxNewTokens,
    maxSamples: Math.round(req.durationS * config.sampleRate), guidanceScale: req.guidanceScale ?? 3, threads: req.threads ?? 1, stop,
  };
  const worker = spawnModuleWorker(siblingModule(import.meta.url, 'musicgen-worker'), { workerData: job });
  // The worker is never terminated from here: ending a thread while ONNX Runtime still has async
  // work queued on it (a session being created) aborts the whole process. It stops by itself after
  // its result, an error, or at the next decoder step once the stop flag is set, and the outcome is
  // settled when it has exited, so no native work outlives the call.
  const onAbort = () => Atomics.store(new Int32Array(stop), 0, 1);
  req.signal?.addEventListener('abort', onAbort, { once: true });
  let outcome: { ok: true; value: MusicgenResult } | { ok: false; error: unknown } | null = null;
  try {
    return await new Promise<MusicgenResult>((resolvePromise, reject) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') {
          const f = m.phase === 'load' ? 0.02 : m.phase === 'decode' ? 0.95 : 0.05 + 0.9 * (m.step / Math.max(1, m.total));
          req.onProgress?.(f, m.phase === 'generate' ? `step ${m.step}/${m.total}` : m.phase === 'load' ? 'loading MusicGen' : 'decoding audio');
        } else if (m.type === 'done') {
          outcome ??= { ok: true, value: { audio: { sampleRate: m.sampleRate, channels: [m.audio] }, remoteAttempts: m.remoteAttempts } };
        } else outcome ??= { ok: false, error: fromWire(m.error, m.remoteAttempts) };
      });
      worker.on('error', (err) => {
        outcome ??= { ok: false, error: new GrymError('MODEL_INFERENCE', `MusicGen worker failed: ${err.message}`, { cause: err }) };
      });
      worker.on('exit', (code) => {
        if (req.signal?.aborted) reject(new CancelledError('generation cancelled'));
        else if (outcome?.ok) resolvePromise(outcome.value);
        else reject(outcome ? outcome.error : new GrymError('MODEL_INFERENCE', `MusicGen worker exited (code ${code}) before it finished`));
      });
    });
  } finally {
    req.signal?.removeEventListener('abort', onAbort);
  }
}
