import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, decodeWire, encodeWire } from '../../../shared/ipc/protocol.ts';
import { methods } from '../../../shared/contract.ts';
import { resolveAreaFile, safeFileName, uniquePath } from '../../../electron/backend/app/files.ts';
import { tempDir } from './helpers.ts';

describe('the wire protocol', () => {
  it('round-trips bytes of every length through base64 exactly as Node encodes them', () => {
    for (const len of [0, 1, 2, 3, 4, 5, 255, 1000, 65_537]) {
      const bytes = new Uint8Array(len).map((_, i) => (i * 131 + len) & 255);
      const b64 = bytesToBase64(bytes);
      expect(b64).toBe(Buffer.from(bytes).toString('base64'));
      expect(Buffer.from(base64ToBytes(b64)!).equals(Buffer.from(bytes))).toBe(true);
    }
    expect(base64ToBytes('not base64!')).toBeNull();
  });

  it('carries Uint8Arrays inside messages as {$bytes} and restores them', () => {
    const msg = { kind: 'call', id: 1, method: 'assets.import', params: { name: 'x', data: new Uint8Array([0, 1, 254, 255]) } };
    const text = encodeWire(msg);
    expect(text).toContain('"$bytes":"AAH+/w=="');
    const back = decodeWire(text) as typeof msg;
    expect(back.params.data).toBeInstanceOf(Uint8Array);
    expect([...back.params.data]).toEqual([0, 1, 254, 255]);
    expect(() => decodeWire('{oops')).toThrow(SyntaxError);
  });

  it('validates requests with the contract schemas, strictly', () => {
    expect(methods['run.start'].request.safeParse({ workflow: {}, options: { concurrency: 2 } }).success).toBe(true);
    expect(methods['run.start'].request.safeParse({ workflow: {}, options: { concurrency: 0 } }).success).toBe(false);
    expect(methods['run.start'].request.safeParse({ workflow: {}, sneaky: 1 }).success).toBe(false);
    expect(methods['audio.peaks'].request.safeParse({ assetId: 'abcdef12', hash: 'a'.repeat(64) }).success).toBe(false);
    expect(methods['export.audio'].request.safeParse({ hash: 'a'.repeat(64), format: 'ogg' }).success).toBe(false);
  });
});

describe('the file areas the browser may reach', () => {
  const tmp = tempDir('grym-files-');
  afterAll(() => tmp.cleanup());

  it('resolves files inside assets/exports and refuses everything that leaves them', () => {
    mkdirSync(join(tmp.dir, 'exports', 'sub'), { recursive: true });
    writeFileSync(join(tmp.dir, 'exports', 'sub', 'ok.wav'), 'x');
    writeFileSync(join(tmp.dir, 'secret.db'), 'x');
    symlinkSync(join(tmp.dir, 'secret.db'), join(tmp.dir, 'exports', 'sneaky.wav'));
    expect(resolveAreaFile(tmp.dir, 'exports', 'sub/ok.wav')).toBe(join(tmp.dir, 'exports', 'sub', 'ok.wav'));
    for (const bad of ['../secret.db', 'sub/../../secret.db', '/etc/passwd', 'sneaky.wav', 'a\0b']) {
      expect(() => resolveAreaFile(tmp.dir, 'exports', bad), bad).toThrow(expect.objectContaining({ code: 'IPC_FORBIDDEN_PATH' }));
    }
    expect(() => resolveAreaFile(tmp.dir, 'exports', 'missing.wav')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => resolveAreaFile(tmp.dir, 'exports', 'sub')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('makes user-given names safe and unique', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\take 1.wav')).toBe('take 1.wav');
    expect(safeFileName('.hidden')).toBe('hidden');
    expect(safeFileName('..')).toBe('file');
    expect(safeFileName('a'.repeat(300) + '.flac').length).toBeLessThanOrEqual(120);
    writeFileSync(join(tmp.dir, 'exports', 'mix.wav'), 'x');
    expect(uniquePath(join(tmp.dir, 'exports'), 'mix.wav')).toBe(join(tmp.dir, 'exports', 'mix-1.wav'));
  });
});
