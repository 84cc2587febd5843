/**
 * Spectral descriptors averaged over non-silent frames: centroid, 85% roll-off, flatness (geometric over
 * arithmetic mean of power) and 13 MFCCs (40 Slaney mel bands, power in dB, orthonormal DCT-II).
 */
import type { SpectralSummary } from '../../../../shared/analysis.ts';
import type { Spectrogram } from './stft.ts';
import { applyFilterbank, melFilterbank } from './filterbank.ts';

const MELS = 40;
const COEFS = 13;
const SILENT = 1e-4; // frame RMS magnitude below ≈ -80 dB counts as silence

export function spectralSummary(spec: Spectrogram): SpectralSummary {
  const { bins, frames, mag } = spec;
  const hzPerBin = spec.sampleRate / spec.nFft;
  const fb = melFilterbank(spec.nFft, spec.sampleRate, MELS, 0, spec.sampleRate / 2);
  // DCT-II (orthonormal) basis
  const dct = new Float64Array(COEFS * MELS);
  for (let c = 0; c < COEFS; c++) {
    const scale = c === 0 ? Math.sqrt(1 / MELS) : Math.sqrt(2 / MELS);
    for (let m = 0; m < MELS; m++) dct[c * MELS + m] = scale * Math.cos((Math.PI * c * (m + 0.5)) / MELS);
  }
  const power = new Float32Array(bins);
  const mel = new Float64Array(MELS);
  const melDbSum = new Float64Array(MELS);
  const mfcc = new Float64Array(COEFS);
  let centroid = 0, rolloff = 0, flatness = 0, count = 0;
  for (let f = 0; f < frames; f++) {
    const o = f * bins;
    let sum = 0, wsum = 0, logSum = 0, prod = 1;
    for (let k = 0; k < bins; k++) {
      const p = mag[o + k]! * mag[o + k]!;
      power[k] = p;
      sum += p;
      wsum += p * k;
      // Σ log(p + ε) as the log of products of 16 terms (each in [1e-12, 4], so no under- or overflow)
      prod *= p + 1e-12;
      if ((k & 15) === 15) { logSum += Math.log(prod); prod = 1; }
    }
    logSum += Math.log(prod);
    wsum *= hzPerBin;
    if (Math.sqrt(sum / bins) < SILENT) continue;
    count++;
    centroid += wsum / sum;
    const target = 0.85 * sum;
    let acc = 0, k = 0;
    for (; k < bins; k++) { acc += power[k]!; if (acc >= target) break; }
    rolloff += k * hzPerBin;
    flatness += Math.exp(logSum / bins) / (sum / bins);
    applyFilterbank(fb, power, 0, mel);
    // the DCT is linear, so the mean MFCCs are the DCT of the mean log-mel spectrum: sum now, transform once
    for (let m = 0; m < MELS; m++) melDbSum[m]! += 10 * Math.log10(Math.max(1e-10, mel[m]!));
  }
  for (let c = 0; c < COEFS; c++) {
    let v = 0;
    for (let m = 0; m < MELS; m++) v += dct[c * MELS + m]! * melDbSum[m]!;
    mfcc[c] = v;
  }
  if (count === 0) return { centroidHz: 0, rolloffHz: 0, flatness: 0, mfccMeans: new Array<number>(COEFS).fill(0) };
  const r = (v: number): number => +v.toFixed(4);
  return {
    centroidHz: r(centroid / count),
    rolloffHz: r(rolloff / count),
    flatness: r(flatness / count),
    mfccMeans: Array.from(mfcc, (v) => r(v / count)),
  };
}
