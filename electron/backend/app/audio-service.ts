/**
 * Audio for the renderer: waveform peaks (of an imported asset or an AudioRef artifact), analysis
 * artifacts, exports under `<dataDir>/exports/`, and the workflow a WAV/FLAC may embed.
 * Decoded audio is cached per source so zooming the waveform does not decode again.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { LRUCache } from 'lru-cache';
import { GrymError } from '../../../shared/errors.ts';
import type { ExportFormat, PeaksResponse, RequestOf } from '../../../shared/contract.ts';
import type { Workflow } from '../../../shared/workflow/schema.ts';
import { loadAudio } from '../audio/audio-ref.ts';
import { decodeFile } from '../audio/decode.ts';
import { isAudioRef, type AudioRef, type DecodedAudio } from '../audio/types.ts';
import type { Engine } from '../engine/engine.ts';
import type { AssetStore } from './asset-store.ts';
import { computeMinMaxPeaks, exportAudioFile, readEmbeddedWorkflow } from './audio-bridge.ts';
import { areaDir, safeFileName, uniquePath } from './files.ts';

const MAX_JSON_ARTIFACT = 64 * 1024 * 1024;

export interface WrittenExport {
  path: string;
  name: string;
  size: number;
  format: ExportFormat;
}

export class AudioService {
  private readonly decoded = new LRUCache<string, DecodedAudio>({
    maxSize: 512 * 1024 * 1024,
    sizeCalculation: (a) => Math.max(1, a.channels.reduce((n, c) => n + c.byteLength, 0)),
  });

  constructor(
    private readonly engine: Engine,
    private readonly assets: AssetStore,
  ) {}

  /** The AudioRef stored under an artifact hash (a node's `audio` output). */
  audioRef(hash: string): AudioRef {
    const value = this.jsonArtifact(hash);
    if (isAudioRef(value)) return value;
    const nested = typeof value === 'object' && value !== null ? Object.values(value).find(isAudioRef) : undefined;
    if (nested) return nested;
    throw new GrymError('AUDIO_UNSUPPORTED', `artifact ${hash.slice(0, 12)} is not audio`);
  }

  private jsonArtifact(hash: string): unknown {
    if (!this.engine.artifacts.has(hash)) throw new GrymError('ARTIFACT_MISSING', `no artifact ${hash.slice(0, 12)}`);
    if (statSync(this.engine.artifacts.pathOf(hash)).size > MAX_JSON_ARTIFACT) throw new GrymError('IPC_BAD_REQUEST', `artifact ${hash.slice(0, 12)} is binary data, not a JSON value`);
    try {
      return this.engine.artifacts.getJson(hash);
    } catch (err) {
      if (err instanceof GrymError) throw err;
      throw new GrymError('IPC_BAD_REQUEST', `artifact ${hash.slice(0, 12)} is binary data, not a JSON value`);
    }
  }

  private async audioOf(src: { assetId?: string; hash?: string }): Promise<{ audio: DecodedAudio; name: string }> {
    if (src.assetId) {
      const asset = this.assets.get(src.assetId);
      if (!asset) throw new GrymError('NOT_FOUND', `no asset ${src.assetId}`);
      const file = this.assets.fileOf(src.assetId);
      const key = `asset:${asset.hash}`;
      let audio = this.decoded.get(key);
      if (!audio) this.decoded.set(key, (audio = await decodeFile(file)));
      return { audio, name: asset.name };
    }
    const ref = this.audioRef(src.hash!);
    const key = `ref:${ref.hash}`;
    let audio = this.decoded.get(key);
    if (!audio) this.decoded.set(key, (audio = loadAudio(this.engine.artifacts, ref)));
    return { audio, name: ref.name ?? `audio-${ref.hash.slice(0, 8)}` };
  }

  async peaks(r: RequestOf<'audio.peaks'>): Promise<PeaksResponse> {
    const { audio } = await this.audioOf({ ...(r.assetId ? { assetId: r.assetId } : {}), ...(r.hash ? { hash: r.hash } : {}) });
    return computeMinMaxPeaks(audio, r.buckets ?? 4000);
  }

  analysis(hash: string): Record<string, unknown> {
    const value = this.jsonArtifact(hash);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new GrymError('IPC_BAD_REQUEST', `artifact ${hash.slice(0, 12)} is not an analysis`);
    return value as Record<string, unknown>;
  }

  async exportAudio(r: RequestOf<'export.audio'>): Promise<WrittenExport> {
    const ref = this.audioRef(r.hash);
    const { audio } = await this.audioOf({ hash: r.hash });
    let workflow: Workflow | undefined;
    if (r.embedWorkflow) {
      const v = this.engine.validate(r.workflow);
      if (!v.workflow) throw new GrymError('WORKFLOW_SCHEMA', 'embedWorkflow needs a workflow that parses');
      workflow = v.workflow;
    }
    const stem = safeFileName(r.name ?? ref.name?.replace(/\.[A-Za-z0-9]+$/, '') ?? `grym-${ref.hash.slice(0, 8)}`, 'export');
    const name = stem.toLowerCase().endsWith(`.${r.format}`) ? stem : `${stem}.${r.format}`;
    const path = uniquePath(areaDir(this.engine.dataDir, 'exports'), name);
    await exportAudioFile(audio, path, { format: r.format, ...(r.bitDepth ? { bitDepth: r.bitDepth } : {}), ...(r.bitrate ? { bitrate: r.bitrate } : {}), ...(workflow ? { workflow } : {}) });
    return { path, name: basename(path), size: statSync(path).size, format: r.format };
  }

  async embeddedWorkflow(path: string, bytes: Uint8Array): Promise<Workflow | null> {
    const raw = await readEmbeddedWorkflow(path, bytes);
    if (raw === null || raw === undefined) return null;
    const v = this.engine.validate(raw);
    return v.workflow ?? null;
  }
}
