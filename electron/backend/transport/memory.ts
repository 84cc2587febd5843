/**
 * The in-memory transport pair, for tests: the client side of a Dispatcher without sockets, but with
 * every message encoded and decoded exactly as on the wire, so what passes here passes over WebSocket.
 */
import type { ContractEvent } from '../../../shared/contract.ts';
import type { Transport } from '../../../shared/ipc/client.ts';
import { decodeWire, encodeWire, type CallOutcome } from '../../../shared/ipc/protocol.ts';
import type { Dispatcher } from '../app/dispatcher.ts';

export function memoryTransport(dispatcher: Dispatcher): Transport {
  const unsubs = new Set<() => void>();
  return {
    async call(method, params) {
      const { method: m, params: p } = decodeWire(encodeWire({ method, params })) as { method: string; params: unknown };
      const outcome = await dispatcher.dispatch(m, p);
      return decodeWire(encodeWire(outcome)) as CallOutcome;
    },
    subscribe(listener) {
      const off = dispatcher.subscribe((event) => {
        const copy = decodeWire(encodeWire(event)) as ContractEvent;
        queueMicrotask(() => listener(copy));
      });
      unsubs.add(off);
      return () => {
        off();
        unsubs.delete(off);
      };
    },
    close() {
      for (const off of unsubs) off();
      unsubs.clear();
    },
  };
}
