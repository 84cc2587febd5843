/** Full analysis of the eval set in × realtime (warm, one worker), against decode-only throughput in the same run. */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AnalysisPool } from '../../electron/backend/audio/analysis/pool.ts';
import { decodeFile } from '../../electron/backend/audio/decode.ts';
import type { DecodedAudio } from '../../electron/backend/audio/types.ts';
import type { BenchResult } from './types.ts';

export async function bench(): Promise<BenchResult[]> {
  const clipsDir = resolve(import.meta.dirname, '../../../shared/eval/clips');
  const files = readdirSync(clipsDir).filter((f) => f.endsWith('.flac')).sort().map((f) => join(clipsDir, f));
  // decode-only baseline (second pass, warm)
  let decoded: DecodedAudio[] = [];
  let decodeMs = 0;
  for (let pass = 0; pass < 2; pass++) {
    decoded = [];
    const t0 = performance.now();
    for (const f of files) decoded.push(await decodeFile(f));
    decodeMs = performance.now() - t0;
  }
  const audioS = decoded.reduce((s, a) => s + (a.channels[0]?.length ?? 0) / a.sampleRate, 0);
  const pool = new AnalysisPool(1);
  try {
    for (const a of decoded.slice(0, 3)) await pool.analyze(a, { copy: true }); // warm the worker's JIT
    const t0 = performance.now();
    for (const a of decoded) await pool.analyze(a, { copy: true });
    const analyzeMs = performance.now() - t0;
    const analyzeX = audioS / (analyzeMs / 1000);
    const decodeX = audioS / (decodeMs / 1000);
    return [{
      name: 'analysis: full analysis of the eval set, warm, one worker',
      value: +analyzeX.toFixed(1),
      unit: '× realtime',
      baseline: { name: 'decode only (same files, same run)', value: +decodeX.toFixed(1), unit: '× realtime' },
      ratio: +(analyzeX / decodeX).toFixed(3),
      goal: '≥ 300× realtime',
      met: analyzeX >= 300,
      notes: `${files.length} files, ${audioS.toFixed(1)} s of audio; analysis ${analyzeMs.toFixed(0)} ms, decode ${decodeMs.toFixed(0)} ms (includes copying samples to the worker)`,
    }];
  } finally {
    await pool.dispose();
  }
}
