/**
 * A real HTTP server on 127.0.0.1 (port 0) serving files from ../shared/models/:
 * `/<path>` as is (with Range support), `/corrupt/<path>` with one byte flipped, `/drop/<path>`
 * which cuts the connection halfway through the body unless the request is a Range resume,
 * and `/slow/<path>` which trickles the body.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sharedDir } from './fixtures.ts';

export interface LoopbackServer {
  base: string;
  requests: { url: string; range: string | undefined }[];
  close(): Promise<void>;
}

export async function startModelServer(): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = req.url ?? '/';
    const range = req.headers.range;
    requests.push({ url, range });
    const [, mode, ...rest] = url.split('/');
    const special = mode === 'corrupt' || mode === 'drop' || mode === 'slow';
    const rel = special ? rest.join('/') : [mode, ...rest].join('/');
    let body: Buffer;
    try {
      body = readFileSync(join(sharedDir, 'models', decodeURIComponent(rel)));
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    if (mode === 'corrupt') {
      body = Buffer.from(body);
      body[body.length >> 1] = body[body.length >> 1]! ^ 0xff;
    }
    let start = 0;
    const m = range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (m) {
      start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, 'accept-ranges': 'bytes' });
    } else {
      res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes' });
    }
    const slice = body.subarray(start);
    if (mode === 'drop' && !m) {
      res.write(slice.subarray(0, slice.length >> 1), () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    if (mode === 'slow') {
      let off = 0;
      const tick = setInterval(() => {
        if (res.destroyed) return clearInterval(tick);
        res.write(slice.subarray(off, off + 4096));
        off += 4096;
        if (off >= slice.length) {
          clearInterval(tick);
          res.end();
        }
      }, 20);
      res.on('close', () => clearInterval(tick));
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
