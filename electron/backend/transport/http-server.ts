/**
 * The HTTP side of `grym serve`: the built renderer (with a strict CSP), and the two token-guarded
 * file routes: `POST /upload?name=…` (into the asset store, through the contract's `assets.import`)
 * and `GET /files/{assets|exports}/…` (only what was imported or exported). The WebSocket API is
 * attached to the same server at `/ws`.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { GrymError } from '../../../shared/errors.ts';
import type { Dispatcher } from '../app/dispatcher.ts';
import { mimeOf, resolveAreaFile, type FileArea } from '../app/files.ts';
import { checkRequest } from './auth.ts';
import { attachWsServer } from './ws-server.ts';

export interface HttpServerOptions {
  dispatcher: Dispatcher;
  dataDir: string;
  token: string;
  /** The built renderer (`dist/renderer`); a placeholder page is served when it is missing. */
  staticDir: string;
  host?: string;
  port?: number;
  extraOrigins?: readonly string[];
  maxUploadBytes?: number;
}

export interface RunningServer {
  server: Server;
  port: number;
  host: string;
  /** The URL to open, token included. */
  url: string;
  close(): Promise<void>;
}

export function contentSecurityPolicy(host: string | undefined): string {
  const ws = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'", // React Flow positions nodes with inline styles
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self'${ws}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const PLACEHOLDER = `<!doctype html><meta charset="utf-8"><title>grym-synth</title><h1>grym-synth</h1><p>The renderer is not built yet: run <code>npx vite build</code> (or <code>npm run build</code>) and reload. The WebSocket API is up at <code>/ws</code>.</p>`;

function securityHeaders(res: ServerResponse, req: IncomingMessage): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.headers.host));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/** Streams a file, honouring a single `Range: bytes=a-b` (audio elements seek with it). */
function sendFile(req: IncomingMessage, res: ServerResponse, file: string, opts: { download?: boolean; cache?: string } = {}): void {
  const size = statSync(file).size;
  const headers: Record<string, string | number> = { 'Content-Type': mimeOf(file), 'Accept-Ranges': 'bytes', 'Cache-Control': opts.cache ?? 'no-store' };
  if (opts.download) headers['Content-Disposition'] = `attachment; filename="${file.split(/[\\/]/).pop()!.replace(/"/g, '')}"`;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && size > 0) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(size - 1, Number(range[2])) : size - 1;
    if (start > end || start >= size) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` });
      return void res.end();
    }
    res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': size });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > limit) throw new GrymError('IPC_BAD_REQUEST', `upload is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function serveStatic(req: IncomingMessage, res: ServerResponse, staticDir: string, pathname: string): void {
  const root = resolve(staticDir);
  const index = join(root, 'index.html');
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return sendError(res, 400, 'IPC_BAD_REQUEST', 'bad path');
  }
  const file = resolve(root, `.${rel}`);
  if (file !== root && !file.startsWith(root + sep)) return sendError(res, 403, 'IPC_FORBIDDEN_PATH', 'forbidden');
  if (existsSync(file) && statSync(file).isFile()) {
    return sendFile(req, res, file, { cache: file === index ? 'no-store' : rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
  }
  if (/\.[A-Za-z0-9]+$/.test(rel)) return sendError(res, 404, 'NOT_FOUND', 'not found');
  // SPA fallback: unknown extension-less paths get the app shell.
  if (existsSync(index)) return sendFile(req, res, index);
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : PLACEHOLDER);
}

export function createHttpHandler(opts: HttpServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const maxUpload = opts.maxUploadBytes ?? 2 * 1024 * 1024 * 1024;
  return (req, res) => {
    securityHeaders(res, req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const guarded = url.pathname === '/upload' || url.pathname.startsWith('/files/');
    if (guarded) {
      const failure = checkRequest(req, url, opts.token, opts.extraOrigins);
      if (failure) return sendError(res, failure.status, failure.code, failure.message);
    }
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return sendError(res, 405, 'IPC_BAD_REQUEST', 'POST the file bytes to /upload?name=<file name>');
      readBody(req, maxUpload)
        .then((body) => opts.dispatcher.dispatch('assets.import', { name: url.searchParams.get('name') ?? '', data: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), ...(req.headers['content-type'] && req.headers['content-type'] !== 'application/octet-stream' ? { mime: req.headers['content-type'] } : {}) }))
        .then((outcome) => sendJson(res, outcome.ok ? 200 : 400, outcome))
        .catch((err: unknown) => sendError(res, 413, 'IPC_BAD_REQUEST', (err as Error).message));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'IPC_BAD_REQUEST', 'method not allowed');
    const files = /^\/files\/(assets|exports)\/(.+)$/.exec(url.pathname);
    if (files) {
      try {
        const rel = decodeURIComponent(files[2]!);
        const file = resolveAreaFile(opts.dataDir, files[1] as FileArea, rel);
        return sendFile(req, res, file, { download: files[1] === 'exports' && url.searchParams.has('download') });
      } catch (err) {
        const code = err instanceof GrymError ? err.code : 'IPC_BAD_REQUEST';
        return sendError(res, code === 'NOT_FOUND' ? 404 : 403, String(code), (err as Error).message);
      }
    }
    if (url.pathname.startsWith('/files/')) return sendError(res, 403, 'IPC_FORBIDDEN_PATH', 'only imported assets and exports can be fetched');
    serveStatic(req, res, opts.staticDir, url.pathname);
  };
}

/** Starts HTTP + WebSocket on one port; resolves once listening. */
export function startHttpServer(opts: HttpServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer(createHttpHandler(opts));
  const ws = attachWsServer(server, { dispatcher: opts.dispatcher, token: opts.token, ...(opts.extraOrigins ? { extraOrigins: opts.extraOrigins } : {}) });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      resolveStart({
        server,
        port,
        host,
        url: `http://${shownHost}:${port}/?token=${opts.token}`,
        close: () =>
          new Promise<void>((done) => {
            ws.close();
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
