import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, type GrymClient } from '../../../shared/ipc/client.ts';
import { wsTransport, type SocketCtor } from '../../../shared/ipc/ws-transport.ts';
import { startServe, type ServeHandle } from '../../../electron/backend/app/serve-app.ts';
import { collectUntil, cyclicWorkflow, flacClip, rejection, tempDir, waitChain } from './helpers.ts';

/** Opens a raw socket; resolves with the HTTP status of a refused upgrade, or the open socket. */
function rawSocket(url: string, headers: Record<string, string> = {}): Promise<{ status: number; ws?: WebSocket }> {
  return new Promise((res) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => res({ status: 101, ws }));
    ws.once('unexpected-response', (_req, r) => res({ status: r.statusCode ?? 0 }));
    ws.once('error', () => res({ status: -1 }));
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((res) => ws.once('message', (d) => res(JSON.parse(d.toString()) as Record<string, unknown>)));
}

describe('grym serve over a real WebSocket and HTTP', () => {
  const tmp = tempDir('grym-serve-');
  const staticDir = join(tmp.dir, 'static');
  let srv: ServeHandle;
  let base: string;
  let wsUrl: string;
  let client: GrymClient;

  beforeAll(async () => {
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>grym</title><div id="root"></div>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    srv = await startServe({ dataDir: join(tmp.dir, 'data'), port: 0, staticDir, concurrency: 2, log: () => {} });
    base = `http://127.0.0.1:${srv.port}`;
    wsUrl = `ws://127.0.0.1:${srv.port}/ws`;
    const t = wsTransport(wsUrl, srv.token, { WebSocket: WebSocket as unknown as SocketCtor, reconnect: false });
    client = createClient(t);
    await t.ready();
  });
  afterAll(async () => {
    client.close();
    await srv.close();
    tmp.cleanup();
  });

  it('prints a Jupyter-style URL on 127.0.0.1 with a fresh random token', async () => {
    expect(srv.url).toBe(`${base}/?token=${srv.token}`);
    expect(srv.token).toMatch(/^[0-9a-f]{64}$/);
    const other = await startServe({ dataDir: join(tmp.dir, 'data2'), port: 0, staticDir, log: () => {} });
    expect(other.token).not.toBe(srv.token);
    await other.close();
  });

  it('serves the typed contract to a client with the token', async () => {
    const info = await client.call('app.info');
    expect(info.transport).toBe('websocket');
    const v = await client.call('workflow.validate', { workflow: cyclicWorkflow });
    expect(v.errors.map((e) => e.code)).toContain('WORKFLOW_CYCLE');
    expect(await rejection(client.call('runs.get', { runId: 'missing' }))).toMatchObject({ code: 'RUN_NOT_FOUND' });
  });

  it('streams the events of a real run to the browser', async () => {
    const done = collectUntil(client, (e) => e.type === 'run.completed' || e.type === 'run.failed');
    const { runId } = await client.call('run.start', { workflow: waitChain('ws-run', 120, 2) });
    const events = (await done).filter((e) => 'runId' in e && e.runId === runId);
    expect(events[0]?.type).toBe('run.started');
    expect(events.at(-1)?.type).toBe('run.completed');
    expect(events.filter((e) => e.type === 'node.completed').map((e) => ('nodeId' in e ? e.nodeId : ''))).toEqual(['w0', 'w1']);
    expect(events.every((e) => typeof e.ts === 'number' && 'etaMs' in e)).toBe(true);
  });

  it('refuses WebSocket connections without the token, with a wrong token, or from a foreign Origin', async () => {
    expect((await rawSocket(wsUrl)).status).toBe(401);
    expect((await rawSocket(`${wsUrl}?token=${'0'.repeat(64)}`)).status).toBe(401);
    expect((await rawSocket(`${wsUrl}?token=${srv.token}`, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await rawSocket(`${wsUrl}?token=${srv.token}`, { Origin: `http://localhost.evil.example:${srv.port}` })).status).toBe(403);
    const same = await rawSocket(`${wsUrl}?token=${srv.token}`, { Origin: base });
    expect(same.status).toBe(101);
    same.ws?.close();
  });

  it('answers malformed frames with coded errors and keeps serving', async () => {
    const { ws } = await rawSocket(`${wsUrl}?token=${srv.token}`);
    const send = async (frame: string) => {
      const reply = nextMessage(ws!);
      ws!.send(frame);
      return reply;
    };
    expect(await send('{not json')).toMatchObject({ kind: 'result', id: null, ok: false, error: { code: 'IPC_BAD_REQUEST' } });
    expect(await send('[1,2,3]')).toMatchObject({ ok: false, error: { code: 'IPC_BAD_REQUEST' } });
    expect(await send(JSON.stringify({ kind: 'call', id: 1, method: 'nope.nope' }))).toMatchObject({ id: 1, ok: false, error: { code: 'IPC_UNKNOWN_METHOD' } });
    expect(await send(JSON.stringify({ kind: 'call', id: 2, method: 'runs.list', params: { limit: 'ten' } }))).toMatchObject({ id: 2, ok: false, error: { code: 'IPC_BAD_REQUEST' } });
    expect(await send(JSON.stringify({ kind: 'call', id: 3, method: 'run.start', params: { workflow: 7 } }))).toMatchObject({ id: 3, ok: false, error: { code: 'WORKFLOW_INVALID' } });
    const binReply = nextMessage(ws!);
    ws!.send(Buffer.from([1, 2, 3]));
    expect(await binReply).toMatchObject({ ok: false, error: { code: 'IPC_BAD_REQUEST' } });
    expect(await send(JSON.stringify({ kind: 'call', id: 4, method: 'app.info' }))).toMatchObject({ id: 4, ok: true, result: { transport: 'websocket' } });
    ws!.close();
    // and the typed client on its own connection still works
    expect((await client.call('runs.list')).length).toBeGreaterThanOrEqual(0);
  });

  it('serves the renderer with correct MIME types and a strict CSP', async () => {
    const page = await fetch(`${base}/?token=${srv.token}`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    const js = await fetch(`${base}/assets/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
  });

  it('uploads into the asset store only with the token, and serves back only assets and exports', async () => {
    const bytes = readFileSync(flacClip);
    const url = `${base}/upload?name=${encodeURIComponent('my clip.flac')}`;
    expect((await fetch(url, { method: 'POST', body: bytes })).status).toBe(401);
    expect((await fetch(`${url}&token=${srv.token}`, { method: 'POST', body: bytes, headers: { Origin: 'http://evil.example' } })).status).toBe(403);
    const res = await fetch(`${url}&token=${srv.token}`, { method: 'POST', body: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(res.status).toBe(200);
    const outcome = (await res.json()) as { ok: boolean; result: { id: string; url: string; path: string } };
    expect(outcome.ok).toBe(true);
    expect(outcome.result.path).toContain(join(tmp.dir, 'data', 'assets'));
    const listed = await client.call('assets.list');
    expect(listed.map((a) => a.id)).toContain(outcome.result.id);

    const back = await fetch(`${base}${outcome.result.url}`);
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('audio/flac');
    expect(Buffer.from(await back.arrayBuffer()).equals(bytes)).toBe(true);
    const ranged = await fetch(`${base}${outcome.result.url}`, { headers: { Range: 'bytes=0-3' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).toString('latin1')).toBe('fLaC');
    expect((await fetch(`${base}${outcome.result.url.replace(/\?token=.*/, '')}`)).status).toBe(401);

    const t = `token=${srv.token}`;
    // the database, the artifact store and anything outside the data dir stay unreachable
    expect((await fetch(`${base}/files/exports/..%2fgrym.db?${t}`)).status).toBe(403);
    expect((await fetch(`${base}/files/assets/..%2f..%2f..%2fetc%2fpasswd?${t}`)).status).toBe(403);
    expect((await fetch(`${base}/files/artifacts/x?${t}`)).status).toBe(403);
    expect((await fetch(`${base}/files/exports/nothing.wav?${t}`)).status).toBe(404);
    // a symlink planted in exports that points outside is refused too
    mkdirSync(join(tmp.dir, 'data', 'exports'), { recursive: true });
    symlinkSync('/etc/hostname', join(tmp.dir, 'data', 'exports', 'link.wav'));
    expect((await fetch(`${base}/files/exports/link.wav?${t}`)).status).toBe(403);
  });

  it('keeps browser-driven workflows inside the imported assets and the exports folder', async () => {
    const wf = (nodes: unknown[]) => ({ version: 1, name: 'paths', nodes, edges: [] });
    const readOutside = wf([{ id: 'load', type: 'audio.load', params: { path: '/etc/hostname' } }]);
    expect(await rejection(client.call('run.start', { workflow: readOutside }))).toMatchObject({ code: 'IPC_FORBIDDEN_PATH', nodeId: 'load' });
    const writeOutside = wf([{ id: 'save', type: 'audio.export', params: { path: '../../evil.wav' } }]);
    expect(await rejection(client.call('run.start', { workflow: writeOutside }))).toMatchObject({ code: 'IPC_FORBIDDEN_PATH', nodeId: 'save' });

    const asset = await client.call('assets.import', { name: 'clip.flac', data: new Uint8Array(readFileSync(flacClip)) });
    const done = collectUntil(client, (e) => e.type === 'run.completed' || e.type === 'run.failed');
    const { runId } = await client.call('run.start', { workflow: wf([{ id: 'load', type: 'audio.load', params: { path: asset.path } }]) });
    const events = await done;
    expect(events.at(-1)).toMatchObject({ type: 'run.completed', runId });
  });
});
