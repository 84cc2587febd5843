/**
 * The typed result of analysing one piece of audio (`audio.analyze`, `grym analyze`).
 * Pure data: JSON-serialisable (no NaN, no Infinity), shared by the back end, the CLI and the renderer.
 * Times are in seconds from the start of the audio; frequencies in Hz.
 */

/** One note: MIDI pitch (69 = A4), start and end in seconds. */
export interface Note {
  pitch: number;
  start: number;
  end: number;
  /** 0..1, from the note's loudness. */
  velocity?: number;
  /** Pitch deviation from `pitch` in semitones, one value per pitch-contour hop across the note. */
  bends?: number[];
}

export type KeyMode = 'major' | 'minor';

/** Tonic names as the scorer and MIDI people write them: sharps, never flats. */
export const PitchClassNames = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const;
export type PitchClassName = (typeof PitchClassNames)[number];

export interface KeyEstimate {
  tonic: PitchClassName;
  mode: KeyMode;
  /** 0..1: how far the best key's correlation stands above the runner-up's (0 for silence). */
  confidence: number;
}

export interface PitchTrack {
  /** Median f0 over voiced frames, in Hz; 0 when nothing is voiced. */
  medianHz: number;
  /** Seconds between contour samples. */
  hopS: number;
  /** f0 per hop in Hz; 0 marks an unvoiced hop (never NaN, so it survives JSON). */
  contour: number[];
  /** Share of hops that are voiced, 0..1. */
  voicedRatio: number;
}

export interface LoudnessFigures {
  /** EBU R128 / ITU-R BS.1770-4 integrated loudness in LUFS; -70 or below reads as silence (reported as -70). */
  integratedLufs: number;
  /** Maximum true peak (4× oversampled) in dBTP; -120 for digital silence. */
  truePeakDbtp: number;
  /** Maximum sample peak in dBFS; -120 for digital silence. */
  samplePeakDbfs: number;
}

export interface SpectralSummary {
  /** Mean spectral centroid over non-silent frames, Hz. */
  centroidHz: number;
  /** Mean 85% roll-off frequency over non-silent frames, Hz. */
  rolloffHz: number;
  /** Mean spectral flatness (geometric / arithmetic mean of power), 0..1. */
  flatness: number;
  /** Mean of 13 MFCCs (DCT-II of log mel energies, 40 bands) over non-silent frames. */
  mfccMeans: number[];
}

export interface Analysis {
  /** Bumped when an analysis method changes so cached results can be told apart. */
  version: number;
  durationS: number;
  sampleRate: number;
  channels: number;
  onsets: number[];
  /** 0 when no periodicity was found (silence, a steady tone). */
  tempoBpm: number;
  beats: number[];
  pitch: PitchTrack;
  /** Null when the audio has no tonal content to judge. */
  key: KeyEstimate | null;
  /** Monophonic notes from the pitch contour and onsets. */
  notes: Note[];
  loudness: LoudnessFigures;
  spectral: SpectralSummary;
}

export const ANALYSIS_VERSION = 1;

/** Options a caller may pass to the analysis; all optional. */
export interface AnalysisOptions {
  /** Skip the monophonic note tracker (`notes` comes back empty). */
  notes?: boolean;
  /** Lowest and highest f0 searched by the pitch tracker, Hz (defaults 50 and 2000). */
  fminHz?: number;
  fmaxHz?: number;
}

/** MIDI note number → Hz (A4 = 440). */
export function midiToHz(m: number): number {
  return 440 * 2 ** ((m - 69) / 12);
}

/** Hz → fractional MIDI note number (A4 = 440). */
export function hzToMidi(hz: number): number {
  return 69 + 12 * Math.log2(hz / 440);
}
