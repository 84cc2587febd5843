/**
 * The WebSocket transport of `grym serve`, client side. Works with the browser's WebSocket and with
 * any constructor of the same shape (the `ws` package in tests). The token travels in the URL query
 * (browsers cannot set headers on a WebSocket). Calls made before the socket opens are queued; when
 * the socket drops, pending calls fail with IPC_DISCONNECTED and the transport reconnects.
 */
import type { ContractEvent } from '../contract.ts';
import type { Transport } from './client.ts';
import { decodeWire, encodeWire, type CallOutcome, type ServerMessage } from './protocol.ts';

interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type SocketCtor = new (url: string) => SocketLike;

export interface WsTransportOptions {
  /** WebSocket constructor; defaults to globalThis.WebSocket. */
  WebSocket?: SocketCtor;
  /** Reconnect after a drop (default true), with this delay in ms (default 500, doubling to 8 s). */
  reconnect?: boolean;
  reconnectDelayMs?: number;
}

export function wsTransport(url: string, token: string, opts: WsTransportOptions = {}): Transport & { ready(): Promise<void> } {
  const Ctor = opts.WebSocket ?? ((globalThis as { WebSocket?: SocketCtor }).WebSocket as SocketCtor | undefined);
  if (!Ctor) throw new Error('no WebSocket implementation available');
  const fullUrl = `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
  const listeners = new Set<(e: ContractEvent) => void>();
  const pending = new Map<number, (o: CallOutcome) => void>();
  let queue: string[] = [];
  let nextId = 1;
  let closed = false;
  let delay = opts.reconnectDelayMs ?? 500;
  let socket: SocketLike;
  let openWaiters: (() => void)[] = [];

  const failPending = (message: string) => {
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve({ ok: false, error: { code: 'IPC_DISCONNECTED', message } });
    }
  };

  const connect = () => {
    socket = new Ctor(fullUrl);
    socket.onopen = () => {
      delay = opts.reconnectDelayMs ?? 500;
      const q = queue;
      queue = [];
      for (const frame of q) socket.send(frame);
      for (const w of openWaiters) w();
      openWaiters = [];
    };
    socket.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let msg: ServerMessage;
      try {
        msg = decodeWire(ev.data) as ServerMessage;
      } catch {
        return;
      }
      if (msg.kind === 'event') {
        for (const fn of [...listeners]) fn(msg.event);
      } else if (msg.kind === 'result' && typeof msg.id === 'number') {
        const resolve = pending.get(msg.id);
        if (!resolve) return;
        pending.delete(msg.id);
        resolve(msg.ok ? { ok: true, result: msg.result } : { ok: false, error: msg.error });
      }
    };
    socket.onerror = () => {};
    socket.onclose = () => {
      failPending('the connection to grym was lost');
      if (closed || opts.reconnect === false) return;
      setTimeout(() => {
        if (!closed) connect();
      }, delay);
      delay = Math.min(delay * 2, 8000);
    };
  };
  connect();

  return {
    call(method, params) {
      if (closed) return Promise.resolve({ ok: false, error: { code: 'IPC_DISCONNECTED', message: 'the client is closed' } });
      const id = nextId++;
      const frame = encodeWire({ kind: 'call', id, method, params });
      return new Promise<CallOutcome>((resolve) => {
        pending.set(id, resolve);
        if (socket.readyState === 1) socket.send(frame);
        else queue.push(frame);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    ready() {
      return socket.readyState === 1 ? Promise.resolve() : new Promise<void>((r) => openWaiters.push(r));
    },
    close() {
      closed = true;
      failPending('the client is closed');
      socket.close(1000, 'client closed');
    },
  };
}
