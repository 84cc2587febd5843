/**
 * Monophonic note tracking from a YIN contour and detected onsets: the voiced contour is cut at onsets,
 * at voicing changes and where the (median-smoothed) pitch moves to another semitone for at least 50 ms;
 * each piece that stays voiced for at least 50 ms becomes a note at its median pitch. A note starts at its
 * onset when one falls within a frame of the piece's start, else where it becomes voiced, and ends where
 * voicing stops or the next piece starts. Velocity follows the note's peak level.
 */
import type { Note } from '../../../../shared/analysis.ts';
import type { PitchFrames } from './pitch.ts';

const MIN_NOTE_S = 0.05;

export function trackNotes(pitch: PitchFrames, onsets: readonly number[]): Note[] {
  const { f0, rms, hopS } = pitch;
  const n = f0.length;
  const midi = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) if (f0[i]! > 0) midi[i] = 69 + 12 * Math.log2(f0[i]! / 440);
  // 5-frame median over voiced neighbours removes octave blips and transitions
  const smooth = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(midi[i]!)) continue;
    const w: number[] = [];
    for (let j = Math.max(0, i - 2); j <= Math.min(n - 1, i + 2); j++) if (!Number.isNaN(midi[j]!)) w.push(midi[j]!);
    w.sort((a, b) => a - b);
    smooth[i] = w[w.length >> 1]!;
  }
  const minRun = Math.max(2, Math.round(MIN_NOTE_S / hopS));
  const cuts = new Set<number>();
  for (const t of onsets) cuts.add(Math.min(n - 1, Math.max(0, Math.round(t / hopS))));
  // pitch-change cuts: the rounded pitch changes and holds for minRun frames
  let cur = NaN;
  for (let i = 0; i < n; i++) {
    const s = smooth[i]!;
    if (Number.isNaN(s)) { cur = NaN; continue; }
    const r = Math.round(s);
    if (Number.isNaN(cur)) { cur = r; continue; }
    if (r !== cur) {
      let hold = 0;
      for (let j = i; j < n && !Number.isNaN(smooth[j]!) && Math.round(smooth[j]!) === r; j++) hold++;
      if (hold >= minRun) { cuts.add(i); cur = r; }
    }
  }
  const sortedCuts = [...cuts].sort((a, b) => a - b);
  const onsetFrames = new Set(onsets.map((t) => Math.round(t / hopS)));
  let maxRms = 0;
  for (const r of rms) if (r > maxRms) maxRms = r;
  const notes: Note[] = [];
  const boundaries = [0, ...sortedCuts.filter((c) => c > 0), n];
  for (let b = 0; b + 1 < boundaries.length; b++) {
    const s = boundaries[b]!, e = boundaries[b + 1]!;
    // the segment's voiced frames (a short unvoiced gap on the attack does not end the note)
    let i = s;
    while (i < e && Number.isNaN(smooth[i]!)) i++;
    let j = e;
    while (j > i && Number.isNaN(smooth[j - 1]!)) j--;
    const vals: number[] = [];
    let peak = 0;
    for (let k = i; k < j; k++) {
      if (Number.isNaN(smooth[k]!)) continue;
      vals.push(smooth[k]!);
      if (rms[k]! > peak) peak = rms[k]!;
    }
    if (vals.length < minRun) continue;
    vals.sort((a, c) => a - c);
    const pitch = Math.round(vals[vals.length >> 1]!);
    // an onset at the cut starts the note there, even if voicing settles a little later
    const nearOnset = [s - 1, s, s + 1].some((f) => onsetFrames.has(f)) && (i - s) * hopS <= 0.1;
    const onsetTime = nearOnset ? nearestOnset(onsets, s * hopS) : i * hopS;
    const bends: number[] = [];
    for (let k = i; k < j; k++) bends.push(Number.isNaN(midi[k]!) ? 0 : +(midi[k]! - pitch).toFixed(3));
    notes.push({
      pitch,
      start: +onsetTime.toFixed(4),
      end: +(j * hopS).toFixed(4),
      velocity: maxRms > 0 ? +Math.min(1, Math.sqrt(peak / maxRms)).toFixed(3) : 0,
      bends,
    });
  }
  // join pieces that a pitch cut split but that came back to the same pitch without an onset
  const merged: Note[] = [];
  for (const note of notes) {
    const prev = merged[merged.length - 1];
    const startsAtOnset = onsets.some((t) => Math.abs(t - note.start) < hopS * 1.5);
    if (prev && prev.pitch === note.pitch && !startsAtOnset && note.start - prev.end <= hopS * 1.5) {
      prev.end = note.end;
      prev.bends = [...(prev.bends ?? []), ...(note.bends ?? [])];
      prev.velocity = Math.max(prev.velocity ?? 0, note.velocity ?? 0);
    } else merged.push(note);
  }
  return merged;
}

function nearestOnset(onsets: readonly number[], t: number): number {
  let best = t, bestD = Infinity;
  for (const o of onsets) { const d = Math.abs(o - t); if (d < bestD) { bestD = d; best = o; } }
  return best;
}
