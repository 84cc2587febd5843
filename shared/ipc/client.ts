/**
 * The one typed client of the contract. It runs over any Transport (Electron IPC, WebSocket, in-memory)
 * and cannot tell them apart: `client.call(method, request)` resolves with the typed response or
 * rejects with a GrymError carrying the back end's `code` (and `nodeId`); `client.on(type | '*', fn)`
 * subscribes to pushed events and returns its unsubscribe function.
 */
import { GrymError } from '../errors.ts';
import type { ContractEvent, ContractEventType, EventOf, MethodName, RequestOf, ResponseOf } from '../contract.ts';
import type { CallOutcome } from './protocol.ts';

/** What a transport must provide. Transports never throw for back-end errors: they return an outcome. */
export interface Transport {
  call(method: string, params: unknown): Promise<CallOutcome>;
  subscribe(listener: (event: ContractEvent) => void): () => void;
  close?(): void;
}

/** What the Electron preload exposes as `window.grym` (a whitelisted bridge, nothing else). */
export interface GrymBridge {
  call(method: string, params: unknown): Promise<CallOutcome>;
  onEvent(listener: (event: ContractEvent) => void): () => void;
}

type ArgsOf<M extends MethodName> = undefined extends RequestOf<M> ? [request?: RequestOf<M>] : [request: RequestOf<M>];

export interface GrymClient {
  call<M extends MethodName>(method: M, ...args: ArgsOf<M>): Promise<ResponseOf<M>>;
  on<T extends ContractEventType>(type: T, handler: (event: EventOf<T>) => void): () => void;
  on(type: '*', handler: (event: ContractEvent) => void): () => void;
  close(): void;
}

export function createClient(transport: Transport): GrymClient {
  const byType = new Map<string, Set<(e: ContractEvent) => void>>();
  const unsubscribe = transport.subscribe((event) => {
    for (const key of [event.type, '*']) {
      const set = byType.get(key);
      if (!set) continue;
      for (const fn of [...set]) {
        try {
          fn(event);
        } catch (err) {
          console.error('grym client: event handler failed', err);
        }
      }
    }
  });
  return {
    async call(method, ...args) {
      const outcome = await transport.call(method, args[0]);
      if (outcome.ok) return outcome.result as never;
      const e = outcome.error;
      throw new GrymError(e.code, e.message, { ...(e.nodeId ? { nodeId: e.nodeId } : {}), ...(e.retryable ? { retryable: true } : {}), details: e.details });
    },
    on(type: string, handler: (e: never) => void) {
      let set = byType.get(type);
      if (!set) byType.set(type, (set = new Set()));
      const fn = handler as (e: ContractEvent) => void;
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
    close() {
      unsubscribe();
      byType.clear();
      transport.close?.();
    },
  };
}

/** The Electron transport: `window.grym` from the preload. */
export function electronTransport(bridge: GrymBridge): Transport {
  return {
    call: (method, params) => bridge.call(method, params),
    subscribe: (listener) => bridge.onEvent(listener),
  };
}
