/** Fixtures for the audio I/O tests: signals, WAVs written by an independent encoder, and a real node context. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactStore } from '../../../electron/backend/store/artifacts.ts';
import type { NodeRegistry } from '../../../electron/backend/nodes/registry.ts';
import type { NodeRunContext } from '../../../electron/backend/nodes/types.ts';
import type * as WaveFileModule from 'wavefile';

/** wavefile is CommonJS; Node's ESM loader does not see its named export. */
export const { WaveFile } = createRequire(import.meta.url)('wavefile') as typeof WaveFileModule;

export const repoRoot = join(import.meta.dirname, '..', '..', '..');
export const sharedDir = join(repoRoot, '..', 'shared');

export function sine(freq: number, rate: number, seconds: number, amp = 0.5, phase = 0): Float32Array {
  const n = Math.round(rate * seconds);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate + phase);
  return out;
}

export function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** A WAV written by wavefile (not by our encoder) from float channels, at the given wavefile bit depth code. */
export function wavefileBytes(channels: Float32Array[], rate: number, depth: '8' | '16' | '24' | '32' | '32f' | '64'): Uint8Array {
  const toInt = (bits: number, unsigned = false) => (ch: Float32Array) =>
    Array.from(ch, (v) => {
      const s = Math.max(-(2 ** (bits - 1)), Math.min(2 ** (bits - 1) - 1, Math.round(v * 2 ** (bits - 1))));
      return unsigned ? s + 128 : s;
    });
  const data = depth === '32f' || depth === '64' ? channels.map((c) => Array.from(c)) : depth === '8' ? channels.map(toInt(8, true)) : channels.map(toInt(Number(depth)));
  const w = new WaveFile();
  w.fromScratch(channels.length, rate, depth, channels.length === 1 ? data[0]! : data);
  return w.toBuffer();
}

export interface TempEnv {
  dir: string;
  artifacts: ArtifactStore;
  cleanup(): void;
}

export function tempEnv(): TempEnv {
  const dir = mkdtempSync(join(tmpdir(), 'grym-audio-io-'));
  return { dir, artifacts: new ArtifactStore(join(dir, 'artifacts')), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a registered node type the way the engine does: params parsed by its schema, a real artifact store. */
export async function runNode(
  registry: NodeRegistry,
  env: TempEnv,
  type: string,
  params: Record<string, unknown>,
  inputs: Record<string, unknown> = {},
  context: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { logs: string[] }> {
  const def = registry.get(type);
  if (!def) throw new Error(`node type ${type} is not registered`);
  const logs: string[] = [];
  const ctx: NodeRunContext<unknown> = {
    runId: 'run-1',
    nodeId: `${type}-1`,
    attempt: 1,
    params: def.params.parse(params),
    inputs,
    signal: new AbortController().signal,
    progress: () => undefined,
    log: (m) => logs.push(m),
    artifacts: env.artifacts,
    context: {
      get: <T>(k: string) => context[k] as T | undefined,
      set: (k, v) => void (context[k] = v),
      has: (k) => k in context,
      delete: (k) => delete context[k],
    },
    dataDir: env.dir,
  };
  const out = await def.run(ctx);
  return { ...out, logs };
}
