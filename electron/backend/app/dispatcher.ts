/**
 * The one dispatcher both transports (and the in-memory pair) use: it checks the method name,
 * validates the request with the contract's zod schema, runs the handler, and turns every outcome
 * into `{ ok, result } | { ok: false, error: { code, message, nodeId? } }`. It never throws.
 */
import { GrymError, serializeError } from '../../../shared/errors.ts';
import { isMethodName, methods, type ContractEvent, type MethodName, type ParsedRequestOf, type ResponseOf } from '../../../shared/contract.ts';
import type { CallOutcome } from '../../../shared/ipc/protocol.ts';

export type Handlers = { [M in MethodName]: (request: ParsedRequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>> };

export interface Dispatcher {
  dispatch(method: unknown, params: unknown): Promise<CallOutcome>;
  subscribe(listener: (event: ContractEvent) => void): () => void;
}

export interface DispatcherOptions {
  /** Called with unexpected (non-GrymError) failures, for logging. */
  onInternalError?: (method: string, err: unknown) => void;
}

export function createDispatcher(
  handlers: Handlers,
  subscribe: (listener: (event: ContractEvent) => void) => () => void,
  opts: DispatcherOptions = {},
): Dispatcher {
  return {
    subscribe,
    async dispatch(method, params) {
      if (!isMethodName(method)) {
        const shown = typeof method === 'string' ? JSON.stringify(method.slice(0, 100)) : typeof method;
        return { ok: false, error: { code: 'IPC_UNKNOWN_METHOD', message: `unknown method ${shown}` } };
      }
      const schema = methods[method].request;
      const parsed = schema.safeParse(params ?? undefined);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
        const first = issues[0];
        const where = first && first.path.length ? `${first.path.join('.')}: ` : '';
        return { ok: false, error: { code: 'IPC_BAD_REQUEST', message: `${method}: ${where}${first?.message ?? 'invalid request'}`, details: issues } };
      }
      try {
        const handler = handlers[method] as (r: unknown) => unknown;
        const result = await handler(parsed.data);
        return { ok: true, result: result === undefined ? null : result };
      } catch (err) {
        if (!(err instanceof GrymError)) opts.onInternalError?.(method, err);
        const e = serializeError(err);
        return { ok: false, error: e };
      }
    },
  };
}
