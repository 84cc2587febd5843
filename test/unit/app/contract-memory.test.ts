import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type GrymClient } from '../../../shared/ipc/client.ts';
import { createAppDispatcher } from '../../../electron/backend/app/service.ts';
import { Engine } from '../../../electron/backend/engine/engine.ts';
import { memoryTransport } from '../../../electron/backend/transport/memory.ts';
import { storeAudio } from '../../../electron/backend/audio/audio-ref.ts';
import { decodeFile } from '../../../electron/backend/audio/decode.ts';
import { collectUntil, cyclicWorkflow, flacClip, rejection, tempDir, waitChain } from './helpers.ts';

describe('the contract over the in-memory pair', () => {
  const tmp = tempDir();
  let engine: Engine;
  let client: GrymClient;

  beforeAll(() => {
    engine = Engine.open({ dataDir: tmp.dir, concurrency: 2 });
    const { dispatcher } = createAppDispatcher(engine, { transport: 'memory', version: '9.9.9', log: () => {} });
    client = createClient(memoryTransport(dispatcher));
  });
  afterAll(() => {
    client.close();
    engine.close();
    tmp.cleanup();
  });

  it('answers app.info with the data dir and every method', async () => {
    const info = await client.call('app.info');
    expect(info.transport).toBe('memory');
    expect(info.version).toBe('9.9.9');
    expect(info.dataDir).toBe(tmp.dir);
    expect(info.methods).toContain('run.start');
    expect(info.nodeTypeCount).toBe(engine.registry.list().length);
  });

  it('lists the registered node types with their typed ports', async () => {
    const types = await client.call('nodeTypes.list');
    const wait = types.find((t) => t.type === 'util.wait');
    expect(wait?.outputs.map((p) => p.name)).toEqual(['out']);
    expect(wait?.defaultParams).toEqual({ ms: 100 });
  });

  it('validates a workflow and reports a cycle on its nodes', async () => {
    const ok = await client.call('workflow.validate', { workflow: waitChain('ok') });
    expect(ok.ok).toBe(true);
    expect(ok.analysis?.levels).toEqual([['w0'], ['w1'], ['w2']]);
    const bad = await client.call('workflow.validate', { workflow: cyclicWorkflow });
    expect(bad.ok).toBe(false);
    const cycle = bad.errors.find((e) => e.code === 'WORKFLOW_CYCLE');
    expect(cycle?.nodeIds.sort()).toEqual(['a', 'b']);
  });

  it('streams node events of a real run and then lists and details it', async () => {
    const finished = collectUntil(client, (e) => e.type === 'run.completed' || e.type === 'run.failed');
    const { runId } = await client.call('run.start', { workflow: waitChain('stream', 150) });
    const events = await finished;
    const mine = events.filter((e) => 'runId' in e && e.runId === runId);
    const types = mine.map((e) => e.type);
    expect(types[0]).toBe('run.started');
    expect(types.at(-1)).toBe('run.completed');
    expect(types.filter((t) => t === 'node.completed')).toHaveLength(3);
    expect(types).toContain('node.progress');
    // a dependent never starts before its input completed
    const idx = (type: string, node: string) => mine.findIndex((e) => e.type === type && 'nodeId' in e && e.nodeId === node);
    expect(idx('node.completed', 'w0')).toBeLessThan(idx('node.started', 'w1'));

    const runs = await client.call('runs.list', { limit: 10 });
    expect(runs.find((r) => r.id === runId)?.status).toBe('succeeded');
    const detail = await client.call('runs.get', { runId });
    expect(detail.nodes.w2?.status).toBe('completed');
    expect(detail.workflow.name).toBe('stream');

    const ctx = await client.call('context.get', { runId });
    expect(ctx.scope).toBe(`run:${runId}`);
    expect(ctx.entries.map((e) => e.key)).toContain('node:w1:outputs');
    expect(ctx.metrics.entries).toBeGreaterThan(0);
    expect(ctx.outputCache).toMatchObject({ cachedInRun: 0 });
    expect(ctx.outputCache!.entries).toBeGreaterThanOrEqual(3);
    const nodeCtx = await client.call('context.get', { runId, nodeId: 'w1' });
    expect(nodeCtx.entries.map((e) => e.key)).toEqual(['node:w1:outputs']);
  });

  it('cancels a running run and reports it as cancelled, not failed', async () => {
    const ended = collectUntil(client, (e) => e.type === 'run.cancelled' || e.type === 'run.completed' || e.type === 'run.failed');
    const started = collectUntil(client, (e) => e.type === 'node.started');
    const { runId } = await client.call('run.start', { workflow: waitChain('cancel-me', 5_000, 2) });
    await started;
    expect(await client.call('run.cancel', { runId })).toEqual({ cancelled: true });
    const events = await ended;
    expect(events.at(-1)?.type).toBe('run.cancelled');
    expect(events.some((e) => e.type === 'node.failed')).toBe(false);
    expect(await client.call('run.cancel', { runId })).toEqual({ cancelled: false });
  });

  it('fails with coded errors: invalid workflow, unknown run, bad arguments, unknown method', async () => {
    const invalid = await rejection(client.call('run.start', { workflow: cyclicWorkflow }));
    expect(invalid.code).toBe('WORKFLOW_INVALID');
    expect(await rejection(client.call('runs.get', { runId: 'nope' }))).toMatchObject({ code: 'RUN_NOT_FOUND' });
    expect(await rejection(client.call('run.resume', { runId: 'nope' }))).toMatchObject({ code: 'RUN_NOT_FOUND' });
    const bad = await rejection(client.call('runs.get', { runId: 42 } as never));
    expect(bad.code).toBe('IPC_BAD_REQUEST');
    expect(bad.message).toContain('runId');
    expect(await rejection(client.call('runs.get', { runId: 'x', extra: 1 } as never))).toMatchObject({ code: 'IPC_BAD_REQUEST' });
    expect(await rejection(client.call('no.such' as never, undefined as never))).toMatchObject({ code: 'IPC_UNKNOWN_METHOD' });
    expect(await rejection(client.call('audio.peaks', {}))).toMatchObject({ code: 'IPC_BAD_REQUEST' });
  });

  it('saves, lists, loads and orders recent workflows', async () => {
    const a = await client.call('workflows.save', { workflow: waitChain('first') });
    const b = await client.call('workflows.save', { workflow: waitChain('second') });
    await client.call('workflows.save', { id: a.id, workflow: waitChain('first, edited') });
    expect((await client.call('workflows.recent')).map((w) => w.id).slice(0, 2)).toEqual([a.id, b.id]);
    expect((await client.call('workflows.list')).map((w) => w.name)).toEqual(['first, edited', 'second']);
    const loaded = await client.call('workflows.load', { id: a.id });
    expect(loaded.workflow.nodes).toHaveLength(3);
    expect(loaded.name).toBe('first, edited');
    expect(await rejection(client.call('workflows.save', { workflow: { version: 1 } }))).toMatchObject({ code: 'WORKFLOW_SCHEMA' });
    expect(await rejection(client.call('workflows.load', { id: 'missing' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('imports audio bytes into the asset store and returns peaks for wavesurfer', async () => {
    const bytes = new Uint8Array(readFileSync(flacClip));
    const imported = collectUntil(client, (e) => e.type === 'asset.imported');
    const asset = await client.call('assets.import', { name: '../../evil/00 drums.flac', data: bytes });
    expect((await imported).at(-1)).toMatchObject({ type: 'asset.imported', asset: { id: asset.id } });
    expect(asset.name).toBe('00 drums.flac');
    expect(asset.path.startsWith(`${tmp.dir}/assets/`)).toBe(true);
    expect(readFileSync(asset.path).equals(Buffer.from(bytes))).toBe(true);
    expect(asset.embeddedWorkflow).toBeNull();
    // the same bytes (sent as base64 this time) are the same asset
    const again = await client.call('assets.import', { name: 'copy.flac', data: Buffer.from(bytes).toString('base64') });
    expect(again.id).toBe(asset.id);
    expect((await client.call('assets.list')).map((a) => a.id)).toEqual([asset.id]);

    const peaks = await client.call('audio.peaks', { assetId: asset.id, buckets: 500 });
    expect(peaks.channels).toBe(peaks.peaks.length);
    expect(peaks.peaks[0]!.length).toBeGreaterThan(900);
    expect(peaks.peaks[0]!.length).toBeLessThanOrEqual(1000);
    expect(peaks.duration).toBeGreaterThan(1);
    const maxAbs = Math.max(...peaks.peaks[0]!.map(Math.abs));
    expect(maxAbs).toBeGreaterThan(0.01);
    expect(maxAbs).toBeLessThanOrEqual(1.0001);
    expect(await rejection(client.call('audio.peaks', { assetId: 'abcdef0123456789' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('exports an AudioRef under <dataDir>/exports with an embedded workflow that import reads back', async () => {
    const decoded = await decodeFile(flacClip);
    const oneSecond = { sampleRate: decoded.sampleRate, channels: decoded.channels.map((c) => c.slice(0, decoded.sampleRate)) };
    const ref = storeAudio(engine.artifacts, oneSecond, { name: 'drums.flac' });
    const refHash = engine.artifacts.putJson(ref); // what a node's `audio` output port carries

    const peaks = await client.call('audio.peaks', { hash: refHash, buckets: 100 });
    expect(peaks.duration).toBeCloseTo(1, 3);

    const wf = waitChain('embedded', 10, 2);
    const out = await client.call('export.audio', { hash: refHash, format: 'wav', bitDepth: 24, embedWorkflow: true, workflow: wf, name: '../../escape' });
    expect(out.path).toBe(`${tmp.dir}/exports/escape.wav`);
    expect(out.url).toBe('/files/exports/escape.wav');
    expect(readFileSync(out.path).subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(out.size).toBeGreaterThan(decoded.sampleRate * decoded.channels.length * 3);
    const second = await client.call('export.audio', { hash: refHash, format: 'flac' });
    expect(second.name).toBe('drums.flac');
    const third = await client.call('export.audio', { hash: refHash, format: 'flac' });
    expect(third.name).toBe('drums-1.flac');

    const reimported = await client.call('assets.import', { name: 'escape.wav', data: new Uint8Array(readFileSync(out.path)) });
    expect(reimported.embeddedWorkflow?.name).toBe('embedded');
    expect(reimported.embeddedWorkflow?.nodes.map((n) => n.id)).toEqual(['w0', 'w1']);

    expect(await rejection(client.call('export.audio', { hash: refHash, format: 'mp3', embedWorkflow: true, workflow: wf }))).toMatchObject({ code: 'AUDIO_EXPORT' });
    expect(await rejection(client.call('export.audio', { hash: ref.hash, format: 'wav' }))).toMatchObject({ code: 'IPC_BAD_REQUEST' });
    expect(await rejection(client.call('export.audio', { hash: 'f'.repeat(64), format: 'wav' }))).toMatchObject({ code: 'ARTIFACT_MISSING' });
  });

  it('returns analysis artifacts by hash and refuses binary ones', async () => {
    const analysis = { version: 1, tempoBpm: 108, key: { tonic: 'C#', mode: 'minor', confidence: 0.5 } };
    const hash = engine.artifacts.putJson(analysis);
    expect(await client.call('analysis.get', { hash })).toEqual(analysis);
    const binary = engine.artifacts.putBytes(new Uint8Array([0xff, 0xfe, 0x00, 0x01]));
    expect(await rejection(client.call('analysis.get', { hash: binary }))).toMatchObject({ code: 'IPC_BAD_REQUEST' });
    expect(await rejection(client.call('analysis.get', { hash: 'nothex' }))).toMatchObject({ code: 'IPC_BAD_REQUEST' });
  });
});
