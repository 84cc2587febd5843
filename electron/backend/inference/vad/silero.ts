/**
 * Silero VAD v5 over a whole buffer: 16 kHz mono in frames of 512 samples, each fed with the 64
 * samples before it as context (as the reference OnnxWrapper does), carrying the recurrent state
 * from frame to frame. Returns one speech probability per 32 ms frame.
 */
import * as ort from 'onnxruntime-node';
import { CancelledError, GrymError } from '../../../../shared/errors.ts';

export const VAD_SAMPLE_RATE = 16000;
export const VAD_FRAME = 512;
export const VAD_CONTEXT = 64;

export type VadRunner = (feeds: Record<string, ort.Tensor>) => Promise<Record<string, ort.Tensor>>;

export async function sileroProbabilities(run: VadRunner, audio16k: Float32Array, opts: { signal?: AbortSignal; onProgress?: (f: number) => void } = {}): Promise<Float32Array> {
  const nFrames = Math.ceil(audio16k.length / VAD_FRAME);
  const probs = new Float32Array(nFrames);
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]), []);
  let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
  const input = new Float32Array(VAD_CONTEXT + VAD_FRAME);
  for (let i = 0; i < nFrames; i++) {
    if ((i & 255) === 0) {
      if (opts.signal?.aborted) throw new CancelledError('segmentation cancelled');
      opts.onProgress?.(i / nFrames);
    }
    const start = i * VAD_FRAME;
    input.fill(0);
    // Context: the last 64 samples of the previous frame (zeros before the first).
    if (start > 0) input.set(audio16k.subarray(start - VAD_CONTEXT, start), 0);
    input.set(audio16k.subarray(start, Math.min(audio16k.length, start + VAD_FRAME)), VAD_CONTEXT);
    const out = await run({ input: new ort.Tensor('float32', input.slice(), [1, input.length]), state, sr });
    const p = out.output;
    const s = out.stateN;
    if (!p || !s) throw new GrymError('MODEL_INFERENCE', 'silero-vad returned no output/stateN');
    probs[i] = (p.data as Float32Array)[0]!;
    state = s;
  }
  opts.onProgress?.(1);
  return probs;
}
