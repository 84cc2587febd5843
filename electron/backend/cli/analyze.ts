/** `grym analyze <files…>`: decode and analyse audio files; prints `{ "results": [...] }` with --json. */
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import type { Analysis } from '../../../shared/analysis.ts';
import { serializeError, type SerializedError } from '../../../shared/errors.ts';
import { decodeFile } from '../audio/decode.ts';
import { AnalysisPool } from '../audio/analysis/pool.ts';
import { addModelNotes } from '../inference/analyze-notes.ts';

export type AnalyzeResult = Record<string, unknown> & { file: string; error?: SerializedError };

/** The scorer's fields (`../shared/eval/README.md`) plus the file facts. */
export function toResult(file: string, a: Analysis): AnalyzeResult {
  return {
    file,
    tempo_bpm: a.tempoBpm,
    beats: a.beats,
    onsets: a.onsets,
    key: a.key,
    pitch_hz: a.pitch.medianHz,
    notes: a.notes.map((n) => ({ pitch: n.pitch, start: n.start, end: n.end, ...(n.velocity === undefined ? {} : { velocity: n.velocity }) })),
    duration_s: a.durationS,
    sample_rate: a.sampleRate,
    channels: a.channels,
    loudness_lufs: a.loudness.integratedLufs,
    true_peak_dbtp: a.loudness.truePeakDbtp,
  };
}

/** Analyses every file (failures become error entries); `jobs` files are in flight at once. */
export async function analyzeFiles(files: string[], opts: { notes: boolean; jobs?: number }): Promise<AnalyzeResult[]> {
  const pool = new AnalysisPool(Math.max(1, Math.min(files.length, opts.jobs ?? 2)));
  try {
    const results: AnalyzeResult[] = new Array(files.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < files.length) {
        const i = next++;
        const file = files[i]!;
        try {
          const audio = await decodeFile(file);
          results[i] = toResult(file, await pool.analyze(audio, { notes: opts.notes }));
        } catch (err) {
          const e = serializeError(err);
          results[i] = { file, error: { code: e.code, message: e.message } };
        }
      }
    };
    await Promise.all(Array.from({ length: pool.size }, lane));
    return results;
  } finally {
    await pool.dispose();
  }
}

const fmt = (v: unknown, digits = 1): string => (typeof v === 'number' ? v.toFixed(digits) : '-');

function table(results: AnalyzeResult[]): string {
  const head = ['file', 'dur s', 'bpm', 'beats', 'onsets', 'key', 'conf', 'f0 Hz', 'notes', 'LUFS', 'dBTP'];
  const rows = results.map((r) => {
    if (r.error) return [basename(r.file), `error ${r.error.code}: ${r.error.message}`];
    const key = r.key as Analysis['key'];
    return [
      basename(r.file), fmt(r.duration_s, 2), fmt(r.tempo_bpm), String((r.beats as number[]).length), String((r.onsets as number[]).length),
      key ? `${key.tonic} ${key.mode}` : '-', key ? fmt(key.confidence, 2) : '-', fmt(r.pitch_hz), String((r.notes as unknown[]).length),
      fmt(r.loudness_lufs), fmt(r.true_peak_dbtp),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length > 2).map((r) => r[i]!.length)));
  const line = (cells: string[]): string => (cells.length === 2 ? `${cells[0]!.padEnd(widths[0]!)}  ${cells[1]}` : cells.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  return [line(head), ...rows.map(line)].join('\n');
}

export function register(program: Command): void {
  program
    .command('analyze')
    .description('analyse audio files: tempo, beats, onsets, key, pitch, notes, loudness')
    .argument('<files...>', 'audio files (WAV, FLAC, MP3, Ogg Vorbis, AIFF)')
    .option('--json', 'print { "results": [...] } as JSON')
    .addOption(new Option('--notes <method>', 'note transcription: dsp (monophonic, from pitch and onsets), model (basic-pitch, polyphonic) or none').choices(['dsp', 'model', 'none']).default('dsp'))
    .option('--jobs <n>', 'files analysed at once (default 2)')
    .action(async (files: string[], flags: { json?: boolean; notes: string; jobs?: string }) => {
      const jobs = flags.jobs === undefined ? undefined : Math.max(1, Number.parseInt(flags.jobs, 10) || 1);
      const results = await analyzeFiles(files, { notes: flags.notes === 'dsp', ...(jobs === undefined ? {} : { jobs }) });
      if (flags.notes === 'model') await addModelNotes(results);
      process.stdout.write(flags.json ? `${JSON.stringify({ results })}\n` : `${table(results)}\n`);
      if (results.some((r) => r.error)) process.exitCode = 1;
    });
}
