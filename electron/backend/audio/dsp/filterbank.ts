/** Triangular filterbanks over FFT bins: mel (Slaney's formula, as librosa's default) and log-frequency. */

export interface Filterbank {
  bands: number;
  /** Per band: first bin and its weights. Sparse, so applying it costs O(total weights). */
  start: Int32Array;
  weights: Float32Array[];
}

export function hzToMel(hz: number): number {
  const fSp = 200 / 3, minLogHz = 1000, minLogMel = minLogHz / fSp, logStep = Math.log(6.4) / 27;
  return hz < minLogHz ? hz / fSp : minLogMel + Math.log(hz / minLogHz) / logStep;
}

export function melToHz(mel: number): number {
  const fSp = 200 / 3, minLogHz = 1000, minLogMel = minLogHz / fSp, logStep = Math.log(6.4) / 27;
  return mel < minLogMel ? mel * fSp : minLogHz * Math.exp(logStep * (mel - minLogMel));
}

/** Triangles with the given centre frequencies (edges are the neighbours' centres). */
function triangles(edgesHz: number[], nFft: number, sampleRate: number, areaNormalise: boolean): Filterbank {
  const bins = nFft / 2 + 1;
  const bands = edgesHz.length - 2;
  const start = new Int32Array(bands);
  const weights: Float32Array[] = [];
  const hzPerBin = sampleRate / nFft;
  for (let b = 0; b < bands; b++) {
    const lo = edgesHz[b]!, mid = edgesHz[b + 1]!, hi = edgesHz[b + 2]!;
    const k0 = Math.max(0, Math.floor(lo / hzPerBin));
    const k1 = Math.min(bins - 1, Math.ceil(hi / hzPerBin));
    const w = new Float32Array(Math.max(1, k1 - k0 + 1));
    let any = false;
    for (let k = k0; k <= k1; k++) {
      const f = k * hzPerBin;
      const v = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
      if (v > 0) { w[k - k0] = areaNormalise ? (v * 2) / (hi - lo) : v; any = true; }
    }
    // A band narrower than a bin still gets the nearest bin, so no band is dead.
    if (!any) w[Math.min(w.length - 1, Math.max(0, Math.round(mid / hzPerBin) - k0))] = 1;
    // drop the zero weights at the triangle's feet (they add nothing but work)
    let a = 0, e = w.length;
    while (a < e - 1 && w[a] === 0) a++;
    while (e > a + 1 && w[e - 1] === 0) e--;
    start[b] = k0 + a;
    weights.push(w.slice(a, e));
  }
  return { bands, start, weights };
}

export function melFilterbank(nFft: number, sampleRate: number, bands: number, fmin = 0, fmax = sampleRate / 2): Filterbank {
  const m0 = hzToMel(fmin), m1 = hzToMel(fmax);
  const edges = Array.from({ length: bands + 2 }, (_, i) => melToHz(m0 + ((m1 - m0) * i) / (bands + 1)));
  return triangles(edges, nFft, sampleRate, true);
}

/** Log-spaced triangles, `perOctave` bands per octave from fmin to fmax (as SuperFlux's filtered spectrogram). */
export function logFilterbank(nFft: number, sampleRate: number, perOctave: number, fmin: number, fmax: number): Filterbank {
  const edges: number[] = [];
  for (let f = fmin; f <= fmax; f *= 2 ** (1 / perOctave)) edges.push(f);
  // Merge bands that would fall within one bin at the low end.
  const hzPerBin = sampleRate / nFft;
  const merged: number[] = [];
  for (const f of edges) if (merged.length === 0 || f - merged[merged.length - 1]! >= hzPerBin) merged.push(f);
  return triangles(merged, nFft, sampleRate, false);
}

/** out[b] = Σ_k w_bk · row[k]. */
export function applyFilterbank(fb: Filterbank, row: Float32Array, rowOffset: number, out: Float32Array | Float64Array): void {
  for (let b = 0; b < fb.bands; b++) {
    const w = fb.weights[b]!;
    const k0 = rowOffset + fb.start[b]!;
    let acc = 0;
    for (let i = 0; i < w.length; i++) acc += w[i]! * row[k0 + i]!;
    out[b] = acc;
  }
}
