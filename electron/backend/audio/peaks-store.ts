/**
 * Peaks for audio in the artifact store, streamed from the stored planar float32 bytes in blocks (so
 * a 60-minute file never has to be loaded whole) and cached by the audio's content hash: each level
 * is a JSON artifact, and a small pointer file under `<dataDir>/cache/peaks/` maps
 * (audio hash, options) to the finished PeaksRef so the same audio is never scanned twice.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CancelledError } from '../../../shared/errors.ts';
import type { ArtifactStoreApi } from '../nodes/types.ts';
import { fileSource } from './byte-source.ts';
import { PeaksAccumulator, resolvePeaksOptions, type PeaksData, type PeaksOptions } from './peaks.ts';
import type { AudioRef } from './types.ts';

const PEAKS_FORMAT_VERSION = 1;
const BLOCK_SAMPLES = 1 << 20;

/** What the `audio.peaks` node outputs: level artifacts by hash plus the coarsest level inline. */
export interface PeaksRef {
  kind: 'peaks';
  audioHash: string;
  duration: number;
  sampleRate: number;
  channels: number;
  frames: number;
  levels: { samplesPerPeak: number; length: number; hash: string }[];
  /** The coarsest level's peaks, ready for wavesurfer's `peaks` option with `duration`. */
  overview: number[][];
}

/** Streams the finest level out of the artifact file, block by block and channel by channel. */
export function computePeaksFromRef(artifacts: ArtifactStoreApi, ref: AudioRef, opts: PeaksOptions = {}, signal?: AbortSignal): PeaksData {
  const acc = new PeaksAccumulator(ref.channels, ref.frames, ref.sampleRate, resolvePeaksOptions(opts));
  const src = fileSource(artifacts.pathOf(ref.hash));
  try {
    const block = new Float32Array(BLOCK_SAMPLES);
    const bytes = new Uint8Array(block.buffer);
    for (let c = 0; c < ref.channels; c++) {
      for (let f0 = 0; f0 < ref.frames; f0 += BLOCK_SAMPLES) {
        if (signal?.aborted) throw new CancelledError('peaks cancelled');
        const n = Math.min(BLOCK_SAMPLES, ref.frames - f0);
        const got = src.read((c * ref.frames + f0) * 4, n * 4);
        bytes.set(got);
        acc.push(c, block.subarray(0, got.length >> 2));
      }
    }
  } finally {
    src.close();
  }
  return acc.finish();
}

export function storePeaks(artifacts: ArtifactStoreApi, audioHash: string, data: PeaksData): PeaksRef {
  const levels = data.levels.map((l) => ({ samplesPerPeak: l.samplesPerPeak, length: l.length, hash: artifacts.putJson({ duration: data.duration, samplesPerPeak: l.samplesPerPeak, peaks: l.peaks }) }));
  const coarsest = data.levels[data.levels.length - 1];
  return { kind: 'peaks', audioHash, duration: data.duration, sampleRate: data.sampleRate, channels: data.channels, frames: data.frames, levels, overview: coarsest ? coarsest.peaks : [] };
}

function cacheKey(audioHash: string, opts: PeaksOptions): string {
  return createHash('sha256').update(JSON.stringify({ v: PEAKS_FORMAT_VERSION, audioHash, ...resolvePeaksOptions(opts) })).digest('hex');
}

/** Peaks for `ref`, from the cache under `cacheDir` when the same audio was scanned with the same options. */
export function getOrComputePeaks(artifacts: ArtifactStoreApi, ref: AudioRef, opts: PeaksOptions, cacheDir: string | undefined, signal?: AbortSignal): { peaks: PeaksRef; cached: boolean } {
  const pointer = cacheDir === undefined ? undefined : join(cacheDir, `${cacheKey(ref.hash, opts)}.json`);
  if (pointer !== undefined) {
    try {
      const hit = JSON.parse(readFileSync(pointer, 'utf8')) as PeaksRef;
      if (hit.kind === 'peaks' && hit.levels.every((l) => artifacts.has(l.hash))) return { peaks: hit, cached: true };
    } catch {
      // no pointer yet, or a damaged one: compute afresh
    }
  }
  const peaks = storePeaks(artifacts, ref.hash, computePeaksFromRef(artifacts, ref, opts, signal));
  if (pointer !== undefined && cacheDir !== undefined) {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${pointer}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(peaks));
    renameSync(tmp, pointer);
  }
  return { peaks, cached: false };
}
