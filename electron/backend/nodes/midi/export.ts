import { basename, extname } from 'node:path';
import { z } from 'zod';
import type { Analysis, Note } from '../../../../shared/analysis.ts';
import { GrymError } from '../../../../shared/errors.ts';
import { encodeMidi } from '../../audio/encode/midi-write.ts';
import { resolveExportPath, writeFileAtomic } from '../../audio/encode/write-file.ts';
import { defineNodeType } from '../types.ts';

function isNoteArray(v: unknown): v is Note[] {
  return Array.isArray(v) && v.every((n) => typeof n === 'object' && n !== null && typeof (n as Note).pitch === 'number' && typeof (n as Note).start === 'number' && typeof (n as Note).end === 'number');
}

export const midiExport = defineNodeType({
  type: 'midi.export',
  version: 1,
  title: 'Export MIDI',
  category: 'MIDI',
  description: 'Writes notes (or the notes of an analysis, with its tempo) to a standard MIDI file.',
  inputs: [
    { name: 'notes', type: 'notes', required: false },
    { name: 'analysis', type: 'analysis', required: false },
  ],
  outputs: [{ name: 'file', type: 'file' }],
  params: z.object({ path: z.string().min(1), tempoBpm: z.number().positive().max(1000).optional() }),
  resources: { cpu: 1 },
  cacheable: false,
  expectedMs: 20,
  run(ctx) {
    const analysis = ctx.inputs.analysis as Analysis | undefined | null;
    const notes = ctx.inputs.notes ?? analysis?.notes;
    if (notes === undefined || notes === null) throw new GrymError('MISSING_INPUT', 'midi.export needs its "notes" or its "analysis" input connected', { nodeId: ctx.nodeId });
    if (!isNoteArray(notes)) throw new GrymError('INVALID_PARAMS', 'the notes input is not a list of {pitch, start, end}', { nodeId: ctx.nodeId });
    const tempoBpm = ctx.params.tempoBpm ?? (analysis && analysis.tempoBpm > 0 ? analysis.tempoBpm : undefined);
    let path = resolveExportPath(ctx.params.path, ctx.dataDir);
    if (extname(path) === '') path = `${path}.mid`;
    const bytes = encodeMidi(notes, tempoBpm === undefined ? { name: basename(path) } : { tempoBpm, name: basename(path) });
    writeFileAtomic(path, bytes);
    ctx.log(`midi.export: wrote ${notes.length} notes to ${basename(path)}`);
    return Promise.resolve({ file: path });
  },
});
