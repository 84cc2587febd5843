/** basic-pitch's constants (basic_pitch/constants.py and inference.py, spotify/basic-pitch). */
export const AUDIO_SAMPLE_RATE = 22050;
export const FFT_HOP = 256;
/** 2 s less one hop: the model's fixed input length. */
export const AUDIO_N_SAMPLES = AUDIO_SAMPLE_RATE * 2 - FFT_HOP; // 43,844
/** Integer frames per second, as upstream uses when trimming (22050 // 256). */
export const ANNOTATIONS_FPS = Math.floor(AUDIO_SAMPLE_RATE / FFT_HOP); // 86
export const ANNOT_N_FRAMES = ANNOTATIONS_FPS * 2; // 172 frames per window
export const N_PITCHES = 88;
export const CONTOURS_BINS_PER_SEMITONE = 3;
export const N_FREQ_BINS_CONTOURS = N_PITCHES * CONTOURS_BINS_PER_SEMITONE; // 264
export const MIDI_OFFSET = 21;
export const MAX_FREQ_IDX = 87;
/** inference.py: 30 frames of overlap between consecutive windows. */
export const N_OVERLAPPING_FRAMES = 30;
export const OVERLAP_LEN = N_OVERLAPPING_FRAMES * FFT_HOP; // 7,680 samples
export const HOP_SIZE = AUDIO_N_SAMPLES - OVERLAP_LEN; // 36,164 samples
