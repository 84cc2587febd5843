/**
 * The whole analysis of one piece of audio, as a pure function: mono mix → 22.05 kHz (onsets, tempo,
 * beats, pitch, notes, spectral descriptors) and 5.5125 kHz (key); loudness and true peak on the original
 * channels at their own rate. Runs in a pool worker (see pool.ts), never on the host's event loop.
 */
import { ANALYSIS_VERSION, type Analysis, type AnalysisOptions } from '../../../../shared/analysis.ts';
import type { DecodedAudio } from '../types.ts';
import { resample, toMono } from '../resample.ts';
import { decimate2 } from '../dsp/decimate.ts';
import { emptySpectrogram, hannRow, stft } from '../dsp/stft.ts';
import { detectOnsets } from '../dsp/onsets.ts';
import { estimateTempo } from '../dsp/tempo.ts';
import { trackBeats } from '../dsp/beats.ts';
import { medianOfVoiced, yin } from '../dsp/pitch.ts';
import { chroma, keyFromChroma } from '../dsp/key.ts';
import { trackNotes } from '../dsp/notes.ts';
import { spectralSummary } from '../dsp/spectral.ts';
import { integratedLoudness, linearToDb, samplePeak, truePeak } from '../dsp/loudness.ts';

export const ANALYSIS_RATE = 22_050;

/** Mono at 22.05 kHz: exact half-band decimation from 44.1/88.2 kHz, the general resampler otherwise. */
export function toAnalysisRate(audio: DecodedAudio): Float32Array {
  let x = audio.channels.length === 1 ? audio.channels[0]! : toMono(audio.channels);
  let rate = audio.sampleRate;
  while (rate >= 2 * ANALYSIS_RATE && rate % (2 * ANALYSIS_RATE) === 0) {
    x = decimate2(x);
    rate /= 2;
  }
  return rate === ANALYSIS_RATE ? x : resample(x, rate, ANALYSIS_RATE);
}

const r4 = (v: number): number => +v.toFixed(4);
const r2 = (v: number): number => +v.toFixed(2);

export function analyzeAudio(audio: DecodedAudio, opts: AnalysisOptions = {}): Analysis {
  const frames = audio.channels[0]?.length ?? 0;
  const durationS = audio.sampleRate > 0 ? frames / audio.sampleRate : 0;
  const x = toAnalysisRate(audio);

  // One pass over the 1024/256 frames serves both the pitch tracker and the magnitude STFT (onsets,
  // tempo, beats, spectral descriptors): YIN's frame spectra, Hann-windowed in frequency, are the STFT rows.
  const spec = emptySpectrogram(x.length, ANALYSIS_RATE, 1024, 256);
  const pitchFrames = yin(x, ANALYSIS_RATE, {
    fminHz: opts.fminHz ?? 50, fmaxHz: opts.fmaxHz ?? 2000, frameLength: 1024, hop: 256,
    onSpectrum: (f, X) => hannRow(spec, f, X),
  });
  const { times: onsets, envelope } = detectOnsets(spec);
  const tempo = estimateTempo(envelope.strength, envelope.fps);
  const beats = tempo.periodFrames > 0 ? trackBeats(envelope.strength, envelope.fps, tempo.periodFrames) : [];

  const contour = Array.from(pitchFrames.f0, (v) => (v > 0 ? r2(v) : 0));
  const voiced = contour.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
  const notes = opts.notes === false ? [] : trackNotes(pitchFrames, onsets);

  // Chroma needs 55 Hz–2.1 kHz only: 5.5125 kHz (two half-band stages) keeps it, and the same 371 ms
  // window and 93 ms hop cost a quarter of the FFT work of 11.025 kHz.
  const keySpec = stft(decimate2(decimate2(x)), ANALYSIS_RATE / 4, 2048, 512);
  const key = keyFromChroma(chroma(keySpec));

  return {
    version: ANALYSIS_VERSION,
    durationS: r4(durationS),
    sampleRate: audio.sampleRate,
    channels: audio.channels.length,
    onsets: onsets.map(r4),
    tempoBpm: r2(tempo.bpm),
    beats: beats.map(r4),
    pitch: { medianHz: r2(medianOfVoiced(pitchFrames.f0)), hopS: pitchFrames.hopS, contour, voicedRatio: contour.length ? r4(voiced / contour.length) : 0 },
    key: key && { ...key, confidence: r4(key.confidence) },
    notes,
    loudness: {
      integratedLufs: r2(integratedLoudness(audio.channels, audio.sampleRate)),
      truePeakDbtp: r2(linearToDb(truePeak(audio.channels, audio.sampleRate))),
      samplePeakDbfs: r2(linearToDb(samplePeak(audio.channels))),
    },
    spectral: spectralSummary(spec),
  };
}
