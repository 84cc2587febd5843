/** Pool worker: analyses the audio it is sent (buffers transferred in) and posts the Analysis back. */
import { parentPort } from 'node:worker_threads';
import { serializeError } from '../../../../shared/errors.ts';
import { analyzeAudio } from './analyze.ts';
import type { WorkerRequest, WorkerResponse } from './pool.ts';

parentPort?.on('message', (msg: WorkerRequest) => {
  let reply: WorkerResponse;
  try {
    const analysis = analyzeAudio({ sampleRate: msg.sampleRate, channels: msg.channels }, msg.opts);
    reply = { id: msg.id, ok: true, analysis };
  } catch (err) {
    reply = { id: msg.id, ok: false, error: serializeError(err) };
  }
  parentPort?.postMessage(reply);
});
