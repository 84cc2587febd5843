/** Messages between the MusicGen runner and its worker thread. */
import type { SerializedError } from '../../../../shared/errors.ts';

export interface WorkerJob {
  modelDir: string;
  cacheDir: string;
  prompt: string;
  maxNewTokens: number;
  maxSamples: number;
  guidanceScale: number;
  threads: number;
  /** Int32 flag: non-zero asks the worker to stop at the next decoder step. */
  stop: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; phase: 'load' | 'generate' | 'decode'; step: number; total: number }
  | { type: 'done'; audio: Float32Array; sampleRate: number; remoteAttempts: number }
  | { type: 'error'; error: SerializedError; remoteAttempts: number };
