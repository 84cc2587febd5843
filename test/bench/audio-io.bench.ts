/**
 * Audio I/O bench: waveform peaks for a generated 60-minute stereo 44.1 kHz WAV (goal ≤ 3 s), against
 * decode-only throughput measured on the same file in the same run, plus the process's peak RSS
 * relative to the decoded size.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeFile } from '../../electron/backend/audio/decode.ts';
import { computePeaks } from '../../electron/backend/audio/peaks.ts';
import type { BenchResult } from './types.ts';

const RATE = 44100;
const MINUTES = 60;

/** Writes a 16-bit stereo WAV of a swept tone plus noise in 1-second blocks (never the whole file in memory). */
function writeLongWav(path: string): number {
  const frames = RATE * 60 * MINUTES;
  const fd = openSync(path, 'w');
  try {
    const head = Buffer.alloc(44);
    head.write('RIFF', 0, 'latin1');
    head.writeUInt32LE(36 + frames * 4, 4);
    head.write('WAVEfmt ', 8, 'latin1');
    head.writeUInt32LE(16, 16);
    head.writeUInt16LE(1, 20);
    head.writeUInt16LE(2, 22);
    head.writeUInt32LE(RATE, 24);
    head.writeUInt32LE(RATE * 4, 28);
    head.writeUInt16LE(4, 32);
    head.writeUInt16LE(16, 34);
    head.write('data', 36, 'latin1');
    head.writeUInt32LE(frames * 4, 40);
    writeSync(fd, head);
    const block = Buffer.alloc(RATE * 4);
    let seed = 12345;
    for (let s = 0; s < 60 * MINUTES; s++) {
      const amp = 0.2 + 0.6 * Math.abs(Math.sin(s / 37));
      for (let i = 0; i < RATE; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const v = amp * Math.sin((2 * Math.PI * (110 + (s % 600)) * i) / RATE) + 0.05 * (seed / 0x7fffffff - 0.5);
        const q = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
        block.writeInt16LE(q, i * 4);
        block.writeInt16LE(-q, i * 4 + 2);
      }
      writeSync(fd, block);
    }
    return frames;
  } finally {
    closeSync(fd);
  }
}

export async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'grym-bench-audio-'));
  try {
    const file = join(dir, 'long.wav');
    const frames = writeLongWav(file);
    const audioS = frames / RATE;
    const rssBefore = process.memoryUsage().rss;

    let t = performance.now();
    let audio = await decodeFile(file);
    const decodeMs = performance.now() - t;

    t = performance.now();
    const peaks = computePeaks(audio);
    const peaksMs = performance.now() - t;
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    const decodedMb = (frames * 2 * 4) / 2 ** 20;
    audio = { sampleRate: RATE, channels: [] };

    return [
      { name: 'audio-io: decode 60-min stereo 16-bit WAV', value: audioS / (decodeMs / 1000), unit: '× realtime', notes: `${(decodeMs / 1000).toFixed(2)} s for ${MINUTES} min` },
      {
        name: 'audio-io: peaks for 60-min stereo 44.1 kHz (decoded audio → all levels)',
        value: peaksMs / 1000,
        unit: 's',
        baseline: { name: 'decode-only of the same file', value: decodeMs / 1000, unit: 's' },
        ratio: peaksMs / decodeMs,
        goal: '≤ 3 s',
        met: peaksMs <= 3000,
        notes: `${peaks.levels.length} levels, finest ${peaks.levels[0]!.length} pairs/channel`,
      },
      {
        name: 'audio-io: decode + peaks, 60-min stereo 44.1 kHz',
        value: (decodeMs + peaksMs) / 1000,
        unit: 's',
        baseline: { name: 'decode-only of the same file', value: decodeMs / 1000, unit: 's' },
        ratio: (decodeMs + peaksMs) / decodeMs,
      },
      {
        name: 'audio-io: peak RSS while decoding + peaks of 60-min stereo',
        value: maxRssMb,
        unit: 'MB',
        baseline: { name: 'decoded float32 size', value: decodedMb, unit: 'MB' },
        ratio: maxRssMb / decodedMb,
        goal: 'a small multiple of the decoded size',
        met: maxRssMb / decodedMb < 3,
        notes: `RSS before decoding ${(rssBefore / 2 ** 20).toFixed(0)} MB`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
