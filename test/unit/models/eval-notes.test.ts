/**
 * Evidence: note F-measure of basic-pitch on the melody clips of ../shared/eval, scored by the
 * set's own score.mjs (same MIDI pitch, onset within ±50 ms). Target ≥ 0.80.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeAudio } from '../../../electron/backend/audio/analysis/analyze.ts';
import { decodeFile } from '../../../electron/backend/audio/decode.ts';
import { ModelRuntime } from '../../../electron/backend/inference/model-runtime.ts';
import { transcribeFile } from '../../../electron/backend/inference/transcribe-file.ts';
import { evalDir, nmpPath, tempDataDir } from './helpers/fixtures.ts';

interface TruthClip {
  file: string;
  notes?: { pitch: number; start: number; end: number }[];
}

let data: ReturnType<typeof tempDataDir>;
let rt: ModelRuntime;
beforeAll(async () => {
  data = tempDataDir();
  rt = new ModelRuntime({ dataDir: data.dir, log: () => {} });
  await rt.install('basic-pitch', { source: nmpPath });
});
afterAll(async () => {
  await rt.dispose();
  data.cleanup();
});

function score(preds: unknown): Record<string, number> {
  const file = join(data.dir, 'preds.json');
  writeFileSync(file, JSON.stringify(preds));
  return JSON.parse(execFileSync(process.execPath, [join(evalDir, 'score.mjs'), join(evalDir, 'truth.json'), file, '--json'], { encoding: 'utf8' })) as Record<string, number>;
}

describe('basic-pitch on the eval set', () => {
  it('reaches note_f ≥ 0.80 on the melody clips', async () => {
    const truth = JSON.parse(readFileSync(join(evalDir, 'truth.json'), 'utf8')) as { clips: TruthClip[] };
    const melody = truth.clips.filter((c) => c.notes);
    expect(melody.length).toBeGreaterThanOrEqual(3);
    const results = [];
    for (const c of melody) results.push({ file: c.file, notes: await transcribeFile(join(evalDir, c.file), { runtime: rt }) });
    const s = score({ results });
    // Beside it, the DSP (monophonic pitch-track) notes of `grym analyze --notes=dsp`, for the record.
    const dsp = [];
    for (const c of melody) dsp.push({ file: c.file, notes: analyzeAudio(await decodeFile(join(evalDir, c.file))).notes });
    console.log(`note_f on ${melody.length} melody clips: basic-pitch ${s.note_f}, DSP ${score({ results: dsp }).note_f}`);
    expect(s.note_f).toBeGreaterThanOrEqual(0.8);
    // The scorer must see a real difference: notes shifted by 200 ms score (near) zero.
    const shifted = results.map((r) => ({ file: r.file, notes: r.notes.map((n) => ({ ...n, start: n.start + 0.2 })) }));
    expect(score({ results: shifted }).note_f).toBeLessThan(0.2);
  });
});
