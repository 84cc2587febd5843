/** Standard MIDI files from notes, through @tonejs/midi. */
import { createRequire } from 'node:module';
import type { Note } from '../../../../shared/analysis.ts';
import { GrymError } from '../../../../shared/errors.ts';

type MidiCtor = new () => {
  header: { setTempo(bpm: number): void; name: string };
  addTrack(): { name: string; addNote(n: { midi: number; time: number; duration: number; velocity: number }): unknown };
  toArray(): Uint8Array;
};

// The package resolves to a CommonJS build whose named exports Node's ESM loader cannot see.
const { Midi } = createRequire(import.meta.url)('@tonejs/midi') as { Midi: MidiCtor };

export interface MidiOptions {
  tempoBpm?: number;
  name?: string;
}

export function encodeMidi(notes: readonly Note[], opts: MidiOptions = {}): Uint8Array {
  const midi = new Midi();
  if (opts.tempoBpm !== undefined && opts.tempoBpm > 0) midi.header.setTempo(opts.tempoBpm);
  if (opts.name) midi.header.name = opts.name;
  const track = midi.addTrack();
  for (const n of notes) {
    if (!Number.isFinite(n.pitch) || !Number.isFinite(n.start) || !Number.isFinite(n.end)) throw new GrymError('AUDIO_EXPORT', 'a note has a non-finite pitch or time');
    const pitch = Math.round(n.pitch);
    if (pitch < 0 || pitch > 127) throw new GrymError('AUDIO_EXPORT', `MIDI pitch ${pitch} is outside 0..127`);
    const start = Math.max(0, n.start);
    track.addNote({ midi: pitch, time: start, duration: Math.max(0.001, n.end - start), velocity: Math.min(1, Math.max(0, n.velocity ?? 0.8)) });
  }
  return midi.toArray();
}
