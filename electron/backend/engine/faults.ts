/**
 * Fault injection for tests: GRYM_FAULTS="<nodeId>:throw:<n>,<nodeId>:crash,<nodeId>:hang".
 * - throw:<n>  throws a retryable error on the node's first n attempts
 * - crash      kills the whole process with SIGKILL when the node starts
 * - hang       never settles, so the node's timeout must end it
 */
import { RetryableError } from '../../../shared/errors.ts';

export type Fault = { kind: 'throw'; times: number } | { kind: 'crash' } | { kind: 'hang' };

export function parseFaults(spec: string | undefined): Map<string, Fault> {
  const out = new Map<string, Fault>();
  if (!spec) return out;
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [nodeId, kind, n] = part.split(':');
    if (!nodeId || !kind) throw new Error(`GRYM_FAULTS: cannot parse "${part}"`);
    if (kind === 'throw') out.set(nodeId, { kind: 'throw', times: n === undefined ? 1 : Number.parseInt(n, 10) });
    else if (kind === 'crash' || kind === 'hang') out.set(nodeId, { kind });
    else throw new Error(`GRYM_FAULTS: unknown fault "${kind}" in "${part}"`);
  }
  return out;
}

/** Applies a node's fault before its implementation runs. Returns a never-settling promise for `hang`. */
export function applyFault(fault: Fault | undefined, nodeId: string, attempt: number): Promise<never> | undefined {
  if (!fault) return undefined;
  if (fault.kind === 'crash') {
    process.kill(process.pid, 'SIGKILL');
    return new Promise<never>(() => {});
  }
  if (fault.kind === 'hang') return new Promise<never>(() => {});
  if (attempt <= fault.times) throw new RetryableError(`injected fault on ${nodeId}, attempt ${attempt}`, { code: 'FAULT_INJECTED', nodeId });
  return undefined;
}
