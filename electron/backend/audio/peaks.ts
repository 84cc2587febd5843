/**
 * Multi-resolution min/max waveform peaks, per channel, in the shape wavesurfer.js takes through its
 * `peaks` option: one number array per channel holding [min0, max0, min1, max1, …] (wavesurfer draws
 * the largest magnitude per pixel, so the pair renders as the true envelope). Level 0 has
 * `samplesPerPeak` frames per pair; each further level merges `factor` pairs, down to `overviewLength`.
 */
import type { DecodedAudio } from './types.ts';

export interface PeaksOptions {
  /** Frames per min/max pair at the finest level (default 256). */
  samplesPerPeak?: number;
  /** How many pairs of one level merge into a pair of the next (default 4). */
  factor?: number;
  /** Stop once a level has at most this many pairs (default 2048). */
  overviewLength?: number;
}

export interface PeaksLevel {
  samplesPerPeak: number;
  /** Pairs per channel. */
  length: number;
  /** Per channel: interleaved min,max values in [-1, 1], rounded to 1e-4. */
  peaks: number[][];
}

export interface PeaksData {
  duration: number;
  sampleRate: number;
  channels: number;
  frames: number;
  levels: PeaksLevel[];
}

export function resolvePeaksOptions(o: PeaksOptions = {}): Required<PeaksOptions> {
  return { samplesPerPeak: Math.max(1, Math.floor(o.samplesPerPeak ?? 256)), factor: Math.max(2, Math.floor(o.factor ?? 4)), overviewLength: Math.max(1, Math.floor(o.overviewLength ?? 2048)) };
}

/** Accumulates the finest level incrementally, channel by channel, from blocks of any size. */
export class PeaksAccumulator {
  private readonly spp: number;
  private readonly out: Float32Array[];
  private readonly pos: number[];

  constructor(readonly channels: number, readonly frames: number, readonly sampleRate: number, private readonly opts: Required<PeaksOptions>) {
    this.spp = opts.samplesPerPeak;
    const len = Math.ceil(frames / this.spp);
    this.out = Array.from({ length: channels }, () => {
      const a = new Float32Array(2 * len);
      for (let i = 0; i < a.length; i += 2) {
        a[i] = Infinity;
        a[i + 1] = -Infinity;
      }
      return a;
    });
    this.pos = new Array<number>(channels).fill(0);
  }

  /** Feeds the next `samples` of channel `c` (frames in order). */
  push(c: number, samples: Float32Array): void {
    const out = this.out[c]!;
    const spp = this.spp;
    let p = this.pos[c]!;
    let i = 0;
    const n = samples.length;
    while (i < n) {
      const bin = Math.floor(p / spp);
      const take = Math.min(n - i, (bin + 1) * spp - p);
      let lo = out[2 * bin]!;
      let hi = out[2 * bin + 1]!;
      for (let k = i, end = i + take; k < end; k++) {
        const v = samples[k]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      out[2 * bin] = lo;
      out[2 * bin + 1] = hi;
      i += take;
      p += take;
    }
    this.pos[c] = p;
  }

  finish(): PeaksData {
    const { factor, overviewLength } = this.opts;
    const levels: PeaksLevel[] = [];
    let cur = this.out.map((a) => {
      for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) a[i] = 0;
      return a;
    });
    let spp = this.spp;
    for (;;) {
      const length = (cur[0]?.length ?? 0) / 2;
      levels.push({ samplesPerPeak: spp, length, peaks: cur.map(roundedArray) });
      if (length <= overviewLength) break;
      cur = cur.map((a) => mergeLevel(a, factor));
      spp *= factor;
    }
    return { duration: this.frames / this.sampleRate, sampleRate: this.sampleRate, channels: this.channels, frames: this.frames, levels };
  }
}

function mergeLevel(a: Float32Array, factor: number): Float32Array {
  const pairs = a.length / 2;
  const len = Math.ceil(pairs / factor);
  const out = new Float32Array(2 * len);
  for (let j = 0; j < len; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = j * factor, end = Math.min(pairs, k + factor); k < end; k++) {
      if (a[2 * k]! < lo) lo = a[2 * k]!;
      if (a[2 * k + 1]! > hi) hi = a[2 * k + 1]!;
    }
    out[2 * j] = lo;
    out[2 * j + 1] = hi;
  }
  return out;
}

function roundedArray(a: Float32Array): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.round(a[i]! * 10000) / 10000;
  return out;
}

/** Peaks of decoded audio held in memory. */
export function computePeaks(audio: DecodedAudio, opts: PeaksOptions = {}): PeaksData {
  const frames = audio.channels[0]?.length ?? 0;
  const acc = new PeaksAccumulator(audio.channels.length, frames, audio.sampleRate, resolvePeaksOptions(opts));
  audio.channels.forEach((ch, c) => acc.push(c, ch));
  return acc.finish();
}

/** The level whose resolution best fits `pairsWanted` pairs across the whole file (for a view `width` px wide, say). */
export function pickLevel(data: PeaksData, pairsWanted: number): PeaksLevel {
  let best = data.levels[0]!;
  for (const l of data.levels) if (l.length >= pairsWanted) best = l;
  return best;
}
