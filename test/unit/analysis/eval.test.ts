import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeAudio } from '../../../electron/backend/audio/analysis/analyze.ts';
import { decodeFile } from '../../../electron/backend/audio/decode.ts';
import { toResult } from '../../../electron/backend/cli/analyze.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const evalDir = resolve(repoRoot, '../shared/eval');
const dir = mkdtempSync(join(tmpdir(), 'grym-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accuracy on the labelled eval set (scored by ../shared/eval/score.mjs)', () => {
  it('meets the issue targets for tempo, beats, onsets, key, tones and notes', { timeout: 120_000 }, async () => {
    const clips = readdirSync(join(evalDir, 'clips')).filter((f) => f.endsWith('.flac')).sort();
    expect(clips.length).toBeGreaterThanOrEqual(17);
    const results = [];
    for (const name of clips) {
      const file = join(evalDir, 'clips', name);
      results.push(toResult(file, analyzeAudio(await decodeFile(file))));
    }
    const predictions = join(dir, 'predictions.json');
    writeFileSync(predictions, JSON.stringify({ results }));
    const out = execFileSync(process.execPath, [join(evalDir, 'score.mjs'), join(evalDir, 'truth.json'), predictions, '--json'], { encoding: 'utf8' });
    const s = JSON.parse(out) as Record<string, number>;
    expect(s.missing).toBe(0);
    expect(s.tempo_acc1).toBeGreaterThanOrEqual(0.9);
    expect(s.beat_f).toBeGreaterThanOrEqual(0.85);
    expect(s.onset_f).toBeGreaterThanOrEqual(0.9);
    expect(s.key).toBeGreaterThanOrEqual(0.8);
    expect(s.tone_cents_ok).toBe(1);
    expect(s.note_f).toBeGreaterThanOrEqual(0.6);
  });
});
