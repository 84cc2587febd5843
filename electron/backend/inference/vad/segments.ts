/**
 * Speech/activity probabilities → regions, after Silero's `get_speech_timestamps`: a region starts
 * when the probability reaches `threshold`, ends once it has stayed below `threshold - 0.15` for
 * `minSilenceMs`, is kept when longer than `minSpeechMs`, and is padded by `padMs` each side
 * (splitting the silence between neighbours that are closer than two pads). Regions whose gap is
 * shorter than `minGapMs` are then merged.
 */
export interface Segment {
  start: number;
  end: number;
}

export interface SegmentOptions {
  threshold?: number;
  minSpeechMs?: number;
  minSilenceMs?: number;
  padMs?: number;
  minGapMs?: number;
}

export function probabilitiesToSegments(probs: ArrayLike<number>, frameSamples: number, sampleRate: number, totalSamples: number, o: SegmentOptions = {}): Segment[] {
  const threshold = o.threshold ?? 0.5;
  const negThreshold = Math.max(threshold - 0.15, 0.01);
  const ms = (x: number) => (sampleRate * x) / 1000;
  const minSpeech = ms(o.minSpeechMs ?? 250);
  const minSilence = ms(o.minSilenceMs ?? 100);
  const pad = ms(o.padMs ?? 30);
  const speeches: { start: number; end: number }[] = [];
  let triggered = false;
  let cur = { start: 0, end: 0 };
  let tempEnd = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    const at = frameSamples * i;
    if (p >= threshold && tempEnd) tempEnd = 0;
    if (p >= threshold && !triggered) {
      triggered = true;
      cur = { start: at, end: 0 };
      continue;
    }
    if (p < negThreshold && triggered) {
      if (!tempEnd) tempEnd = at;
      if (at - tempEnd < minSilence) continue;
      cur.end = tempEnd;
      if (cur.end - cur.start > minSpeech) speeches.push(cur);
      triggered = false;
      tempEnd = 0;
    }
  }
  if (triggered && totalSamples - cur.start > minSpeech) speeches.push({ start: cur.start, end: totalSamples });

  for (let i = 0; i < speeches.length; i++) {
    const s = speeches[i]!;
    if (i === 0) s.start = Math.max(0, s.start - pad);
    const next = speeches[i + 1];
    if (next) {
      const silence = next.start - s.end;
      if (silence < 2 * pad) {
        s.end += Math.floor(silence / 2);
        next.start = Math.max(0, next.start - Math.floor(silence / 2));
      } else {
        s.end = Math.min(totalSamples, s.end + pad);
        next.start = Math.max(0, next.start - pad);
      }
    } else s.end = Math.min(totalSamples, s.end + pad);
  }

  const minGap = ms(o.minGapMs ?? 0);
  const merged: { start: number; end: number }[] = [];
  for (const s of speeches) {
    const last = merged[merged.length - 1];
    if (last && s.start - last.end < minGap) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged.map((s) => ({ start: round(s.start / sampleRate), end: round(s.end / sampleRate) }));
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;
