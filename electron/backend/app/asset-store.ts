/**
 * Imported files (the user's audio): bytes under `<dataDir>/assets/<id>/<name>`, one row each in
 * the `assets` table. The id is a prefix of the content hash, so importing the same bytes twice
 * gives back the same asset.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GrymError } from '../../../shared/errors.ts';
import type { Db } from '../store/db.ts';
import { areaDir, mimeOf, resolveAreaFile, safeFileName } from './files.ts';

export interface AssetRow {
  id: string;
  name: string;
  hash: string;
  path: string;
  size: number;
  mime: string | null;
  createdAt: number;
}

interface DbRow {
  id: string;
  name: string;
  hash: string;
  path: string;
  size: number;
  mime: string | null;
  created_at: number;
}

const toRow = (r: DbRow): AssetRow => ({ id: r.id, name: r.name, hash: r.hash, path: r.path, size: r.size, mime: r.mime, createdAt: r.created_at });

export class AssetStore {
  readonly dir: string;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
  ) {
    this.dir = areaDir(dataDir, 'assets');
  }

  /** Stores bytes under a safe name; returns the (possibly existing) asset. */
  import(name: string, bytes: Uint8Array, mime?: string): { asset: AssetRow; created: boolean } {
    if (bytes.byteLength === 0) throw new GrymError('AUDIO_EMPTY', `${name} is empty`);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const id = hash.slice(0, 24);
    const existing = this.get(id);
    if (existing) return { asset: existing, created: false };
    const safe = safeFileName(name, 'audio');
    const folder = join(this.dir, id);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, safe);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
    const row: AssetRow = { id, name: safe, hash, path: file, size: bytes.byteLength, mime: mime ?? mimeOf(safe), createdAt: Date.now() };
    this.db
      .prepare('INSERT OR REPLACE INTO assets (id, name, hash, path, size, mime, meta_json, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)')
      .run(row.id, row.name, row.hash, row.path, row.size, row.mime, row.createdAt);
    return { asset: row, created: true };
  }

  get(id: string): AssetRow | undefined {
    const r = this.db.prepare('SELECT * FROM assets WHERE id = ?').get(id) as DbRow | undefined;
    return r ? toRow(r) : undefined;
  }

  /** The asset's file, checked to still lie inside the asset folder. */
  fileOf(id: string): string {
    const asset = this.get(id);
    if (!asset) throw new GrymError('NOT_FOUND', `no asset ${id}`);
    return resolveAreaFile(this.dataDir, 'assets', relative(this.dir, asset.path));
  }

  list(): AssetRow[] {
    return (this.db.prepare('SELECT * FROM assets ORDER BY created_at DESC').all() as DbRow[]).map(toRow);
  }

  /** Relative path under the assets folder (for URLs). */
  relPath(asset: AssetRow): string {
    return relative(this.dir, asset.path).split('\\').join('/');
  }
}
