/**
 * Content-addressed artifact store on disk: `<root>/<h0h1>/<hash>`, written to a temp file and
 * renamed into place so a crash never leaves a half-written artifact under its hash.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { GrymError } from '../../../shared/errors.ts';
import type { ArtifactStoreApi } from '../nodes/types.ts';
import { canonicalJson } from './canonical-json.ts';

export class ArtifactStore implements ArtifactStoreApi {
  private readonly known = new Set<string>();
  private tmpCounter = 0;

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  static hash(data: Uint8Array | string): string {
    return createHash('sha256').update(data).digest('hex');
  }

  pathOf(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new GrymError('ARTIFACT_MISSING', `not an artifact hash: ${hash}`);
    return join(this.root, hash.slice(0, 2), hash);
  }

  has(hash: string): boolean {
    if (this.known.has(hash)) return true;
    const ok = existsSync(this.pathOf(hash));
    if (ok) this.known.add(hash);
    return ok;
  }

  putBytes(data: Uint8Array): string {
    const hash = ArtifactStore.hash(data);
    this.write(hash, data);
    return hash;
  }

  putJson(value: unknown): string {
    const text = canonicalJson(value);
    const hash = ArtifactStore.hash(text);
    this.write(hash, Buffer.from(text));
    return hash;
  }

  getBytes(hash: string): Buffer {
    try {
      return readFileSync(this.pathOf(hash));
    } catch (err) {
      throw new GrymError('ARTIFACT_MISSING', `artifact ${hash.slice(0, 12)} is missing from ${this.root}`, { cause: err });
    }
  }

  getJson<T = unknown>(hash: string): T {
    return JSON.parse(this.getBytes(hash).toString('utf8')) as T;
  }

  private write(hash: string, data: Uint8Array): void {
    if (this.has(hash)) return;
    const dir = join(this.root, hash.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.${hash}.${process.pid}.${this.tmpCounter++}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      let off = 0;
      while (off < data.byteLength) off += writeSync(fd, data, off, data.byteLength - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.pathOf(hash));
    this.known.add(hash);
  }
}
