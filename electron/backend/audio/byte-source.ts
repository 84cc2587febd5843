/** Random access to bytes, from memory or from an open file, so large WAVs stream without a full copy. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface ByteSource {
  readonly size: number;
  /** Up to `len` bytes at `off` (fewer at the end of the source). */
  read(off: number, len: number): Uint8Array;
  close(): void;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    read: (off, len) => bytes.subarray(Math.min(off, bytes.byteLength), Math.min(off + len, bytes.byteLength)),
    close: () => undefined,
  };
}

export function fileSource(path: string): ByteSource {
  const fd = openSync(path, 'r');
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  let closed = false;
  return {
    size,
    read(off, len) {
      const n = Math.max(0, Math.min(len, size - off));
      const out = Buffer.allocUnsafe(n);
      let got = 0;
      while (got < n) {
        const r = readSync(fd, out, got, n - got, off + got);
        if (r === 0) break;
        got += r;
      }
      return got === n ? out : out.subarray(0, got);
    },
    close() {
      if (!closed) closeSync(fd);
      closed = true;
    },
  };
}
