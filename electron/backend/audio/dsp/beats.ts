/**
 * Beat tracking by dynamic programming (Ellis, "Beat Tracking by Dynamic Programming", JNMR 2007), with
 * librosa's choices: the envelope is scaled by its standard deviation and smoothed by a Gaussian a quarter
 * of a beat wide; transitions cost tightness·log²(interval/period) with tightness 100; the path ends at the
 * last strong local maximum of the cumulative score; weak beats at either end are trimmed.
 */
const TIGHTNESS = 100;

export function trackBeats(envelope: Float32Array, fps: number, periodFrames: number): number[] {
  const n = envelope.length;
  if (n === 0 || !(periodFrames > 0)) return [];
  // normalise
  let mean = 0;
  for (let i = 0; i < n; i++) mean += envelope[i]!;
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (envelope[i]! - mean) ** 2;
  const std = Math.sqrt(v / n);
  if (std === 0) return [];
  // local score: Gaussian window, σ = period/32 frames... librosa uses exp(-0.5·(t·32/period)²) over ±period
  const half = Math.round(periodFrames);
  const win = new Float64Array(2 * half + 1);
  for (let t = -half; t <= half; t++) win[t + half] = Math.exp(-0.5 * ((t * 32) / periodFrames) ** 2);
  const scaled = new Float64Array(n);
  for (let i = 0; i < n; i++) scaled[i] = envelope[i]! / std;
  const local = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    const t0 = Math.max(-half, -i), t1 = Math.min(half, n - 1 - i);
    for (let t = t0; t <= t1; t++) acc += win[t + half]! * scaled[i + t]!;
    local[i] = acc;
  }
  // forward pass
  const cum = new Float64Array(n);
  const back = new Int32Array(n).fill(-1);
  const lo = Math.round(periodFrames / 2), hi = Math.round(2 * periodFrames);
  let firstBeat = true;
  // the transition cost depends on the interval alone: tabulate it once
  const cost = new Float64Array(hi + 1);
  for (let d = lo; d <= hi; d++) cost[d] = TIGHTNESS * Math.log(d / periodFrames) ** 2;
  for (let i = 0; i < n; i++) {
    let bestVal = -Infinity, bestJ = -1;
    for (let d = lo; d <= hi; d++) {
      const j = i - d;
      if (j < 0) break;
      const val = cum[j]! - cost[d]!;
      if (val > bestVal) { bestVal = val; bestJ = j; }
    }
    cum[i] = local[i]! + (bestJ >= 0 ? bestVal : 0);
    // until the first real beat, do not chain from silence
    if (firstBeat && local[i]! < 0.01 * maxOf(local)) back[i] = -1;
    else { firstBeat = false; back[i] = bestJ; }
  }
  // last beat: the last local maximum of cum above half the median of local maxima
  const maxima: number[] = [];
  for (let i = 1; i < n - 1; i++) if (cum[i]! > cum[i - 1]! && cum[i]! >= cum[i + 1]!) maxima.push(cum[i]!);
  const med = median(maxima);
  let last = n - 1;
  for (let i = n - 2; i >= 1; i--) if (cum[i]! > cum[i - 1]! && cum[i]! >= cum[i + 1]! && cum[i]! >= 0.5 * med) { last = i; break; }
  const beats: number[] = [];
  for (let i = last; i >= 0; i = back[i]!) {
    beats.push(i);
    if (back[i]! < 0) break;
  }
  beats.reverse();
  // trim weak leading and trailing beats (below half the RMS of the smoothed local score at beats)
  let rms = 0;
  for (const b of beats) rms += local[b]! ** 2;
  rms = Math.sqrt(rms / Math.max(1, beats.length));
  let s = 0, e = beats.length;
  while (s < e && local[beats[s]!]! < 0.5 * rms) s++;
  while (e > s && local[beats[e - 1]!]! < 0.5 * rms) e--;
  return beats.slice(s, e).map((f) => f / fps);
}

let maxCache: { arr: Float64Array; max: number } | undefined;
function maxOf(a: Float64Array): number {
  if (maxCache?.arr === a) return maxCache.max;
  let m = 0;
  for (const v of a) if (v > m) m = v;
  maxCache = { arr: a, max: m };
  return m;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
