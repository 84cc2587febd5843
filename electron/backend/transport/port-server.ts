/**
 * Serves a Dispatcher over a MessagePort-like channel (a worker thread's parentPort, say). The Electron
 * main process talks to the back end this way, so CPU work never runs on its event loop.
 */
import type { CallMessage, ServerMessage } from '../../../shared/ipc/protocol.ts';
import type { Dispatcher } from '../app/dispatcher.ts';

export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off?(event: 'message', listener: (message: unknown) => void): unknown;
}

export function servePort(port: PortLike, dispatcher: Dispatcher): () => void {
  const post = (m: ServerMessage) => port.postMessage(m);
  const offEvents = dispatcher.subscribe((event) => post({ kind: 'event', event }));
  const onMessage = (raw: unknown) => {
    const msg = raw as Partial<CallMessage> | null;
    if (typeof msg?.kind === 'string' && msg.kind !== 'call') return; // the host's own control messages
    const id = typeof msg?.id === 'number' ? msg.id : null;
    if (!msg || msg.kind !== 'call' || id === null) {
      post({ kind: 'result', id, ok: false, error: { code: 'IPC_BAD_REQUEST', message: 'expected { kind: "call", id, method, params }' } });
      return;
    }
    void dispatcher.dispatch(msg.method, msg.params).then((outcome) => post({ kind: 'result', id, ...outcome }));
  };
  port.on('message', onMessage);
  return () => {
    offEvents();
    port.off?.('message', onMessage);
  };
}
