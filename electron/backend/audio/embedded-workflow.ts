/**
 * Reads back the workflow a grym export embedded: the `grym` RIFF chunk of a WAV, or the
 * GRYM_WORKFLOW Vorbis comment of a FLAC. Returns null when there is none or it is not valid JSON.
 */
import { bufferSource, fileSource, type ByteSource } from './byte-source.ts';
import { parseVorbisComments, WORKFLOW_COMMENT_KEY } from './encode/flac-metadata.ts';
import { id3Length, sniffFormat } from './sniff.ts';
import { readWavInfo } from './wav-read.ts';

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function fromSource(src: ByteSource): unknown {
  const head = src.read(0, 64);
  const format = sniffFormat(head);
  if (format === 'wav') {
    try {
      return parseJson(readWavInfo(src).workflowText);
    } catch {
      return null;
    }
  }
  if (format === 'flac') return fromFlac(src);
  return null;
}

function fromFlac(src: ByteSource): unknown {
  let off = id3Length(src.read(0, 10)) + 4;
  while (off + 4 <= src.size) {
    const h = src.read(off, 4);
    if (h.length < 4) return null;
    const last = (h[0]! & 0x80) !== 0;
    const type = h[0]! & 0x7f;
    const len = (h[1]! << 16) | (h[2]! << 8) | h[3]!;
    if (type === 4) {
      const prefix = `${WORKFLOW_COMMENT_KEY}=`;
      const c = parseVorbisComments(src.read(off + 4, len)).find((s) => s.toUpperCase().startsWith(prefix));
      return parseJson(c?.slice(prefix.length));
    }
    if (last) return null;
    off += 4 + len;
  }
  return null;
}

export function readEmbeddedWorkflow(bytes: Uint8Array): unknown {
  return fromSource(bufferSource(bytes));
}

export function readEmbeddedWorkflowFromFile(path: string): unknown {
  const src = fileSource(path);
  try {
    return fromSource(src);
  } finally {
    src.close();
  }
}
