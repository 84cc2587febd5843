import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeAudio } from '../../../electron/backend/audio/audio-ref.ts';
import { decodeFile } from '../../../electron/backend/audio/decode.ts';
import type { AudioRef } from '../../../electron/backend/audio/types.ts';
import { disposeModelRuntimes, getModelRuntime } from '../../../electron/backend/inference/model-runtime.ts';
import { createDefaultRegistry } from '../../../electron/backend/nodes/index.ts';
import type { NodeRunContext, NodeTypeDef } from '../../../electron/backend/nodes/types.ts';
import { ArtifactStore } from '../../../electron/backend/store/artifacts.ts';
import type { Note } from '../../../shared/analysis.ts';
import type { GrymError } from '../../../shared/errors.ts';
import { evalDir, nmpPath, tempDataDir } from './helpers/fixtures.ts';
import { syntheticVoice } from './helpers/voice.ts';

const registry = createDefaultRegistry();
let data: ReturnType<typeof tempDataDir>;
let artifacts: ArtifactStore;
let melody: AudioRef;

beforeAll(async () => {
  data = tempDataDir();
  artifacts = new ArtifactStore(join(data.dir, 'artifacts'));
  melody = storeAudio(artifacts, await decodeFile(join(evalDir, 'clips/01_melody_124bpm_Csm.flac')), { name: 'melody' });
});
afterAll(async () => {
  await disposeModelRuntimes();
  data.cleanup();
});

function ctxFor(def: NodeTypeDef<any>, inputs: Record<string, unknown>, params: Record<string, unknown> = {}): NodeRunContext<any> & { progressed: number[] } {
  const progressed: number[] = [];
  const store = new Map<string, unknown>();
  return {
    runId: 'run-1', nodeId: 'n1', attempt: 1, params: def.params.parse(params), inputs, signal: new AbortController().signal,
    progress: (f) => progressed.push(f), log: () => {}, artifacts, dataDir: data.dir, progressed, workflow: undefined,
    context: { get: (k) => store.get(k) as any, set: (k, v) => void store.set(k, v), has: (k) => store.has(k), delete: (k) => store.delete(k) },
  };
}

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: GrymError) => e);

describe('model nodes', () => {
  it('registers model.transcribe, audio.segment and generate.text2audio with typed ports', () => {
    expect(registry.get('model.transcribe')?.outputs).toEqual([expect.objectContaining({ name: 'notes', type: 'notes' })]);
    expect(registry.get('audio.segment')?.outputs).toEqual([expect.objectContaining({ name: 'segments', type: 'segments' })]);
    expect(registry.get('generate.text2audio')?.outputs[0]?.type).toBe('audio');
  });

  it('model.transcribe says MODEL_MISSING with the install command until basic-pitch is installed, then returns notes', async () => {
    const def = registry.get('model.transcribe')!;
    const err = await errorOf(def.run(ctxFor(def, { audio: melody })));
    expect(err?.code).toBe('MODEL_MISSING');
    expect(err?.message).toContain('grym models install basic-pitch');

    await getModelRuntime(data.dir).install('basic-pitch', { source: nmpPath });
    const ctx = ctxFor(def, { audio: melody });
    const out = (await def.run(ctx)) as { notes: Note[] };
    expect(out.notes.length).toBeGreaterThan(10);
    for (const n of out.notes) {
      expect(n.end).toBeGreaterThan(n.start);
      expect(n.pitch).toBeGreaterThanOrEqual(21);
      expect(n.velocity).toBeGreaterThan(0);
    }
    expect(out.notes.some((n) => Array.isArray(n.bends))).toBe(true);
    expect(ctx.progressed.at(-1)).toBeGreaterThan(0.9);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out); // plain JSON
  });

  it('audio.segment returns the active regions of a take', async () => {
    const sr = 16000;
    const x = new Float32Array(sr * 6);
    x.set(syntheticVoice(2, sr, 2), sr * 2);
    const ref = storeAudio(artifacts, { sampleRate: sr, channels: [x] }, { name: 'take' });
    const def = registry.get('audio.segment')!;
    const out = (await def.run(ctxFor(def, { audio: ref }))) as { segments: { start: number; end: number }[] };
    expect(out.segments).toHaveLength(1);
    expect(out.segments[0]!.start).toBeGreaterThan(1.7);
    expect(out.segments[0]!.end).toBeLessThan(4.3);
  });

  it('generate.text2audio fails with MODEL_MISSING and the install action, and produces nothing', async () => {
    const def = registry.get('generate.text2audio')!;
    const err = await errorOf(def.run(ctxFor(def, {}, { prompt: 'solo cello' })));
    expect(err?.code).toBe('MODEL_MISSING');
    expect(err?.message).toContain('grym models install musicgen-small');
    expect(err?.details).toMatchObject({ action: { command: 'grym models install musicgen-small' } });
  });
});
