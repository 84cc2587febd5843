/**
 * Worker thread for one MusicGen generation. onnxruntime-node runs each step synchronously, so the
 * whole generation (minutes on a CPU) stays off the back end's event loop. The parent sets the
 * shared stop flag to cancel; the worker checks it after loading and between decoder steps. It
 * releases its ONNX sessions before it reports, then ends by itself (it is never terminated).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CancelledError, serializeError } from '../../../../shared/errors.ts';
import { generateMusic, openMusicgen, type MusicgenHandle } from './musicgen-model.ts';
import type { WorkerJob, WorkerMessage } from './musicgen-protocol.ts';
import { remoteAttemptCount } from './transformers-local.ts';

const job = workerData as WorkerJob;
const stop = new Int32Array(job.stop);
const stopped = () => Atomics.load(stop, 0) !== 0;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

let handle: MusicgenHandle | null = null;
let result: { audio: Float32Array; sampleRate: number } | null = null;
let failure: unknown = null;
try {
  post({ type: 'progress', phase: 'load', step: 0, total: job.maxNewTokens });
  handle = await openMusicgen(job.modelDir, { cacheDir: job.cacheDir, threads: job.threads });
  if (stopped()) throw new CancelledError('generation cancelled');
  post({ type: 'progress', phase: 'generate', step: 0, total: job.maxNewTokens });
  const audio = await generateMusic(handle, {
    prompt: job.prompt,
    maxNewTokens: job.maxNewTokens,
    guidanceScale: job.guidanceScale,
    maxSamples: job.maxSamples,
    shouldStop: stopped,
    onStep: (step, total) => post({ type: 'progress', phase: step === total ? 'decode' : 'generate', step, total }),
  });
  result = { audio, sampleRate: handle.config.sampleRate };
} catch (err) {
  failure = err;
}
try {
  await handle?.model.dispose();
} catch {
  /* sessions that never loaded have nothing to release */
}
if (result) post({ type: 'done', audio: result.audio, sampleRate: result.sampleRate, remoteAttempts: remoteAttemptCount() }, [result.audio.buffer as ArrayBuffer]);
else post({ type: 'error', error: serializeError(failure), remoteAttempts: remoteAttemptCount() });
