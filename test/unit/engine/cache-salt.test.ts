import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Engine } from '../../../electron/backend/engine/engine.ts';
import { createDefaultRegistry } from '../../../electron/backend/nodes/index.ts';
import { defineNodeType } from '../../../electron/backend/nodes/types.ts';
import { tempDir } from './helpers.ts';

let tmp: ReturnType<typeof tempDir>;
let reads = 0;
beforeEach(() => {
  tmp = tempDir();
  reads = 0;
});
afterEach(() => tmp.cleanup());

function engine(): Engine {
  const registry = createDefaultRegistry();
  registry.register(
    defineNodeType({
      type: 'test.read',
      version: 1,
      title: 'Read',
      category: 'Test',
      description: '',
      inputs: [],
      outputs: [{ name: 'text', type: 'string' }],
      params: z.object({ path: z.string() }),
      cacheable: true,
      cacheSalt: (p) => Promise.resolve(readFileSync(p.path, 'utf8')),
      run(ctx) {
        reads++;
        return Promise.resolve({ text: readFileSync(ctx.params.path, 'utf8') });
      },
    }),
  );
  return Engine.open({ dataDir: join(tmp.dir, 'data'), registry, faults: '' });
}

describe('cache salt', () => {
  it('re-runs a cacheable node when what it reads changes, and hits the cache when it does not', async () => {
    const file = join(tmp.dir, 'in.txt');
    writeFileSync(file, 'one');
    const wf = { version: 1, name: 'salt', nodes: [{ id: 'r', type: 'test.read', params: { path: file } }], edges: [] };
    const e = engine();
    expect((await e.start(wf).done).nodes.r!.cached).toBe(false);
    expect((await e.start(wf).done).nodes.r!.cached).toBe(true);
    writeFileSync(file, 'two');
    const third = await e.start(wf).done;
    expect(third.nodes.r!.cached).toBe(false);
    expect(reads).toBe(2);
    const run = e.getRun(third.runId)!;
    expect(e.artifacts.getJson(run.nodes.r!.outputs!.text!)).toBe('two');
    e.close();
  });

  it('audio.load re-decodes an edited file and reuses an unchanged one across processes', async () => {
    const { WaveFile } = await import('wavefile');
    const file = join(tmp.dir, 'a.wav');
    const write = (v: number) => {
      const w = new WaveFile();
      w.fromScratch(1, 8000, '16', new Array(800).fill(v));
      writeFileSync(file, w.toBuffer());
    };
    write(1000);
    const wf = { version: 1, name: 'load', nodes: [{ id: 'l', type: 'audio.load', params: { path: file } }], edges: [] };
    let e = engine();
    expect((await e.start(wf).done).nodes.l).toMatchObject({ status: 'completed', cached: false });
    e.close();
    e = engine();
    expect((await e.start(wf).done).nodes.l).toMatchObject({ status: 'cached', cached: true });
    write(2000);
    expect((await e.start(wf).done).nodes.l).toMatchObject({ status: 'completed', cached: false });
    e.close();
  });
});
