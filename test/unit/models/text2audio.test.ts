/**
 * generate.text2audio and its MusicGen loader. The real weights cannot be downloaded on these
 * machines, so these tests cover everything around generation: MODEL_MISSING before install,
 * MODEL_LOAD (never a crash) for incomplete or corrupt installs, cancellation, resource slots,
 * and that transformers.js never reaches for the network. The config.json written here is a
 * hand-made stand-in with MusicGen's structure, not the real file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { disposeModelRuntimes, getModelRuntime } from '../../../electron/backend/inference/model-runtime.ts';
import { INSTALLED_MARKER, ModelRegistry, modelDir } from '../../../electron/backend/inference/model-registry.ts';
import { maxNewTokensFor, musicgenRequiredFiles, readMusicgenConfig } from '../../../electron/backend/inference/musicgen/musicgen-files.ts';
import { openMusicgen } from '../../../electron/backend/inference/musicgen/musicgen-model.ts';
import { runMusicgen } from '../../../electron/backend/inference/musicgen/musicgen-runner.ts';
import { remoteAttemptCount } from '../../../electron/backend/inference/musicgen/transformers-local.ts';
import { createDefaultRegistry } from '../../../electron/backend/nodes/index.ts';
import type { NodeRunContext, NodeTypeDef } from '../../../electron/backend/nodes/types.ts';
import { ArtifactStore } from '../../../electron/backend/store/artifacts.ts';
import type { GrymError } from '../../../shared/errors.ts';
import { tempDataDir } from './helpers/fixtures.ts';

const ID = 'musicgen-small';
const registry = createDefaultRegistry();
const def = registry.get('generate.text2audio')! as NodeTypeDef<any>;
const realFetch = globalThis.fetch;
const fetchSpy = vi.fn(async (input: unknown) => {
  throw new Error(`network access attempted in a test: ${String(input)}`);
});
let data: ReturnType<typeof tempDataDir>;
let artifacts: ArtifactStore;

/** Hand-made MusicGen config: the structure of facebook/musicgen-small's, enough for our checks. */
const CONFIG = {
  model_type: 'musicgen',
  architectures: ['MusicgenForConditionalGeneration'],
  is_encoder_decoder: true,
  decoder_start_token_id: 2048,
  audio_encoder: { model_type: 'encodec', sampling_rate: 32000, upsampling_ratios: [8, 5, 4, 4] },
  decoder: { model_type: 'musicgen_decoder', num_codebooks: 4, pad_token_id: 2048, vocab_size: 2048, num_hidden_layers: 24, num_attention_heads: 16, hidden_size: 1024 },
  text_encoder: { model_type: 't5', d_model: 768, num_heads: 12, num_layers: 12 },
};

/** Writes files into the model's install directory and the runtime's install marker by hand. */
function handInstall(dataDir: string, files: Record<string, string | Uint8Array>): string {
  const dir = modelDir(dataDir, ID);
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  writeFileSync(join(dir, INSTALLED_MARKER), JSON.stringify({ id: ID, note: 'written by hand in a test; not verified' }));
  return dir;
}

/** A tiny word-level tokenizer that the tokenizers library accepts (not MusicGen's T5 vocabulary). */
const TOKENIZER = { version: '1.0', added_tokens: [], normalizer: null, pre_tokenizer: { type: 'Whitespace' }, post_processor: null, decoder: null, model: { type: 'WordLevel', vocab: { '<unk>': 0, solo: 1, cello: 2 }, unk_token: '<unk>' } };

/** Every required file present; config and tokenizer load, but the "ONNX" files are not ONNX. */
function corruptButComplete(): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  for (const f of musicgenRequiredFiles()) files[f] = f.endsWith('.onnx') ? new Uint8Array(4096).fill(7) : '{}';
  files['config.json'] = JSON.stringify(CONFIG);
  files['tokenizer.json'] = JSON.stringify(TOKENIZER);
  files['tokenizer_config.json'] = JSON.stringify({ tokenizer_class: 'T5Tokenizer', model_max_length: 512 });
  return files;
}

function ctxFor(dataDir: string, params: Record<string, unknown>, extra: Partial<NodeRunContext<any>> = {}): NodeRunContext<any> {
  return {
    runId: 'run-1', nodeId: 'gen', attempt: 1, params: def.params.parse(params), inputs: {}, signal: new AbortController().signal,
    progress: () => {}, log: () => {}, artifacts, dataDir, workflow: undefined,
    context: { get: () => undefined, set: () => {}, has: () => false, delete: () => false },
    ...extra,
  };
}

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: GrymError) => e);

beforeAll(() => {
  // Installed before transformers.js is first imported in this process, so even its default fetch
  // (bound to globalThis.fetch at import) would land here.
  globalThis.fetch = fetchSpy as unknown as typeof fetch;
  data = tempDataDir();
  artifacts = new ArtifactStore(join(data.dir, 'artifacts'));
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await disposeModelRuntimes();
  data.cleanup();
});

describe('generate.text2audio with MusicGen through transformers.js', () => {
  it('registry lists exactly the files the loader opens, with public hub URLs and no pinned checksum', () => {
    const mg = ModelRegistry.load().get(ID);
    expect(mg.files.map((f) => f.name).sort()).toEqual(musicgenRequiredFiles().sort());
    for (const f of mg.files) {
      expect(f.url).toBe(`https://huggingface.co/Xenova/musicgen-small/resolve/main/${f.name}`);
      expect(f.sha256).toBeNull();
    }
  });

  it('says MODEL_MISSING with the install command before the model is installed', async () => {
    const d = tempDataDir();
    try {
      const err = await errorOf(def.run(ctxFor(d.dir, { prompt: 'solo cello' })));
      expect(err?.code).toBe('MODEL_MISSING');
      expect(err?.message).toContain('grym models install musicgen-small');
    } finally {
      d.cleanup();
    }
  });

  it('refuses to install from a local --source directory while the checksums are unpinned', async () => {
    const d = tempDataDir();
    try {
      const src = join(d.dir, 'src');
      for (const [name, body] of Object.entries(corruptButComplete())) {
        mkdirSync(dirname(join(src, name)), { recursive: true });
        writeFileSync(join(src, name), body);
      }
      const err = await errorOf(getModelRuntime(d.dir).install(ID, { source: src }));
      expect(err?.code).toBe('MODEL_CHECKSUM');
      expect(getModelRuntime(d.dir).list().find((m) => m.id === ID)?.installed).toBe(false);
    } finally {
      d.cleanup();
    }
  });

  it('an installed directory holding only config.json fails with MODEL_LOAD naming the missing files, and frees its slot', async () => {
    const d = tempDataDir();
    try {
      handInstall(d.dir, { 'config.json': JSON.stringify(CONFIG) });
      const taken: Record<string, number>[] = [];
      let released = 0;
      const resources = { acquire: async (needs: Record<string, number>) => (taken.push(needs), { release: () => void released++ }) };
      const err = await errorOf(def.run(ctxFor(d.dir, { prompt: 'solo cello', durationS: 4 }, { resources })));
      expect(err?.code).toBe('MODEL_LOAD');
      expect(err?.message).toContain('onnx/decoder_model_merged_quantized.onnx');
      expect(err?.message).toContain('tokenizer.json');
      expect(taken).toEqual([{ cpu: 1, memoryMb: ModelRegistry.load().get(ID).memoryMb }]);
      expect(released).toBe(1);
      expect(getModelRuntime(d.dir).health.get(ID)?.state).toBe('error');
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      d.cleanup();
    }
  });

  it('a config.json that is not MusicGen JSON is MODEL_LOAD', async () => {
    const d = tempDataDir();
    try {
      const dir = handInstall(d.dir, { ...corruptButComplete(), 'config.json': '{"model_type": "bert"' });
      expect(() => readMusicgenConfig(dir)).toThrow(/config\.json cannot be read/);
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...CONFIG, model_type: 't5' }));
      const err = await errorOf(def.run(ctxFor(d.dir, { prompt: 'solo cello' })));
      expect(err?.code).toBe('MODEL_LOAD');
      expect(err?.message).toMatch(/not a MusicGen config/);
    } finally {
      d.cleanup();
    }
  });

  it('asks the decoder for enough steps: frame rate from the EnCodec ratios plus the codebook delay', () => {
    const d = tempDataDir();
    try {
      const cfg = readMusicgenConfig(handInstall(d.dir, { 'config.json': JSON.stringify(CONFIG) }));
      const hop = CONFIG.audio_encoder.upsampling_ratios.reduce((a, b) => a * b, 1);
      expect(cfg).toEqual({ sampleRate: 32000, frameRate: 32000 / hop, numCodebooks: 4 });
      expect(maxNewTokensFor(8, cfg)).toBe(8 * (32000 / hop) + 4 - 1);
    } finally {
      d.cleanup();
    }
  });

  it('transformers.js itself, given a directory without weights, fails with MODEL_LOAD and never fetches', async () => {
    const d = tempDataDir();
    try {
      const dir = handInstall(d.dir, { 'config.json': JSON.stringify(CONFIG) });
      const err = await errorOf(openMusicgen(dir, { cacheDir: join(d.dir, 'cache'), skipFileCheck: true }));
      expect(err?.code).toBe('MODEL_LOAD');
      expect(err?.message).toContain(dir);
      const { env } = await import('@huggingface/transformers');
      expect(env.allowRemoteModels).toBe(false);
      expect(env.allowLocalModels).toBe(true);
      expect(env.localModelPath).toBe(dir);
      expect(env.cacheDir).toBe(join(d.dir, 'cache'));
      expect(env.fetch).not.toBe(fetchSpy);
      // Its own fetch refuses even a direct call, and counts it.
      const before = remoteAttemptCount();
      expect((await errorOf(env.fetch('https://huggingface.co/Xenova/musicgen-small/resolve/main/config.json')))?.code).toBe('MODEL_LOAD');
      expect(remoteAttemptCount()).toBe(before + 1);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      d.cleanup();
    }
  });

  it('a complete install with corrupt weights fails with MODEL_LOAD from the worker, with no remote attempt', async () => {
    const d = tempDataDir();
    try {
      handInstall(d.dir, corruptButComplete());
      const progressed: number[] = [];
      const err = await errorOf(def.run(ctxFor(d.dir, { prompt: 'solo cello', durationS: 2 }, { progress: (f) => void progressed.push(f) })));
      expect(err?.code).toBe('MODEL_LOAD');
      // ONNX Runtime, inside transformers.js inside the worker, rejected one of our files.
      expect(err?.message).toMatch(new RegExp(`${modelDir(d.dir, ID)}/onnx/\\w+\\.onnx`));
      expect(err?.details).toMatchObject({ remoteAttempts: 0 });
      expect(progressed.length).toBeGreaterThan(0); // the worker started and reported loading
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      d.cleanup();
    }
  });

  it('cancelling while the worker loads ends the run with a cancellation, not a failure', async () => {
    const d = tempDataDir();
    try {
      const dir = handInstall(d.dir, corruptButComplete());
      const ac = new AbortController();
      const err = await errorOf(runMusicgen({ modelDir: dir, cacheDir: join(d.dir, 'cache'), prompt: 'x', durationS: 2, signal: ac.signal, onProgress: () => ac.abort() }));
      expect(err?.code).toBe('NODE_CANCELLED');
      const pre = await errorOf(runMusicgen({ modelDir: dir, cacheDir: join(d.dir, 'cache'), prompt: 'x', durationS: 2, signal: ac.signal }));
      expect(pre?.code).toBe('NODE_CANCELLED');
    } finally {
      d.cleanup();
    }
  });
});
