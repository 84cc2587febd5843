/**
 * The WebSocket API of `grym serve`: one JSON frame per call/result/event (shared/ipc/protocol.ts).
 * Upgrades without the token or from a foreign Origin are refused before a socket exists. A malformed
 * frame gets a coded error (IPC_BAD_REQUEST) and the connection, and the server, keep serving.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ContractEvent } from '../../../shared/contract.ts';
import { decodeWire, encodeWire, type ServerMessage } from '../../../shared/ipc/protocol.ts';
import type { Dispatcher } from '../app/dispatcher.ts';
import { checkRequest } from './auth.ts';

export interface WsServerOptions {
  dispatcher: Dispatcher;
  token: string;
  path?: string;
  extraOrigins?: readonly string[];
  /** Largest frame accepted (default 512 MiB: base64 uploads). */
  maxPayload?: number;
}

/** Progress events are dropped for a client whose send buffer is this far behind; state changes never are. */
const LAGGING_BYTES = 8 * 1024 * 1024;
const droppable = new Set(['node.progress', 'run.progress']);

export function attachWsServer(server: Server, opts: WsServerOptions): { wss: WebSocketServer; close(): void } {
  const path = opts.path ?? '/ws';
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload ?? 512 * 1024 * 1024 });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, message: string) => {
      socket.write(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : status === 403 ? 'Forbidden' : 'Unauthorized'}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
      socket.destroy();
    };
    if (url.pathname !== path) return refuse(404, 'not found');
    const failure = checkRequest(req, url, opts.token, opts.extraOrigins);
    if (failure) return refuse(failure.status, failure.message);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  wss.on('connection', (ws: WebSocket) => {
    const send = (m: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeWire(m));
    };
    const off = opts.dispatcher.subscribe((event: ContractEvent) => {
      if (droppable.has(event.type) && ws.bufferedAmount > LAGGING_BYTES) return;
      send({ kind: 'event', event });
    });
    let alive = true;
    ws.on('pong', () => (alive = true));
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, 30_000);
    ping.unref();

    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send({ kind: 'result', id: null, ok: false, error: { code: 'IPC_BAD_REQUEST', message: 'binary frames are not part of the protocol; send JSON text (bytes as {"$bytes": base64}) or POST /upload' } });
        return;
      }
      let msg: unknown;
      try {
        msg = decodeWire(data.toString());
      } catch (err) {
        send({ kind: 'result', id: null, ok: false, error: { code: 'IPC_BAD_REQUEST', message: `malformed JSON: ${(err as Error).message}` } });
        return;
      }
      const m = msg as { kind?: unknown; id?: unknown; method?: unknown; params?: unknown } | null;
      const id = typeof m?.id === 'number' && Number.isSafeInteger(m.id) ? m.id : null;
      if (typeof m !== 'object' || m === null || Array.isArray(m) || m.kind !== 'call' || id === null) {
        send({ kind: 'result', id, ok: false, error: { code: 'IPC_BAD_REQUEST', message: 'expected {"kind":"call","id":<integer>,"method":"…","params":…}' } });
        return;
      }
      void opts.dispatcher.dispatch(m.method, m.params).then((outcome) => send({ kind: 'result', id, ...outcome }));
    });
    ws.on('close', () => {
      off();
      clearInterval(ping);
    });
    ws.on('error', () => {
      off();
      clearInterval(ping);
    });
  });

  return {
    wss,
    close() {
      server.off('upgrade', onUpgrade);
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}
