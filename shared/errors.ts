/**
 * Error codes and the serialisable error shape that crosses processes and the IPC boundary.
 * Pure TypeScript: imported by the engine, the CLI and the renderer alike.
 */
export const ErrorCodes = [
  // workflow validation
  'WORKFLOW_SCHEMA',
  'WORKFLOW_VERSION',
  'WORKFLOW_INVALID',
  'WORKFLOW_CYCLE',
  'MISSING_INPUT',
  'UNKNOWN_NODE_TYPE',
  'UNKNOWN_PORT',
  'PORT_TYPE_MISMATCH',
  'DUPLICATE_NODE_ID',
  'INVALID_PARAMS',
  'DUPLICATE_INPUT',
  // execution
  'NODE_FAILED',
  'NODE_TIMEOUT',
  'NODE_CANCELLED',
  'UPSTREAM_FAILED',
  'CIRCUIT_OPEN',
  'RESOURCE_UNSATISFIABLE',
  'RESOURCE_DEADLOCK',
  'CONTEXT_VALUE_INVALID',
  'CONTEXT_ENTRY_TOO_LARGE',
  'FAULT_INJECTED',
  'RUN_NOT_FOUND',
  'RUN_NOT_RESUMABLE',
  'ARTIFACT_MISSING',
  // audio
  'AUDIO_DECODE',
  'AUDIO_UNSUPPORTED',
  'AUDIO_EMPTY',
  'AUDIO_TOO_LONG',
  'AUDIO_EXPORT',
  // models
  'MODEL_MISSING',
  'MODEL_CHECKSUM',
  'MODEL_DOWNLOAD',
  'MODEL_LOAD',
  'MODEL_INFERENCE',
  // ipc
  'IPC_BAD_REQUEST',
  'IPC_UNKNOWN_METHOD',
  'IPC_UNAUTHORIZED',
  'IPC_DISCONNECTED',
  'IPC_FORBIDDEN_PATH',
  'NOT_FOUND',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ErrorCodes)[number];

/** What an error looks like once it has crossed a process or IPC boundary. */
export interface SerializedError {
  code: ErrorCode | string;
  message: string;
  nodeId?: string;
  retryable?: boolean;
  details?: unknown;
}

export interface GrymErrorOptions {
  retryable?: boolean;
  nodeId?: string;
  details?: unknown;
  cause?: unknown;
}

/** Base class of every error grym raises on purpose. `code` is stable; `message` is for people. */
export class GrymError extends Error {
  readonly code: ErrorCode | string;
  readonly retryable: boolean;
  readonly nodeId: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode | string, message: string, opts: GrymErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GrymError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.nodeId = opts.nodeId;
    this.details = opts.details;
  }

  toJSON(): SerializedError {
    return serializeError(this);
  }
}

/** Marks a failure as transient: the scheduler retries it with backoff. */
export class RetryableError extends GrymError {
  constructor(message: string, opts: Omit<GrymErrorOptions, 'retryable'> & { code?: string } = {}) {
    super(opts.code ?? 'NODE_FAILED', message, { ...opts, retryable: true });
    this.name = 'RetryableError';
  }
}

/** Cancellation is never reported as a failure. */
export class CancelledError extends GrymError {
  constructor(message = 'cancelled', opts: GrymErrorOptions = {}) {
    super('NODE_CANCELLED', message, opts);
    this.name = 'CancelledError';
  }
}

export function isCancellation(err: unknown): boolean {
  return (
    err instanceof CancelledError ||
    (err instanceof Error && err.name === 'AbortError') ||
    (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'NODE_CANCELLED')
  );
}

export function serializeError(err: unknown, nodeId?: string): SerializedError {
  if (err instanceof GrymError) {
    const out: SerializedError = { code: err.code, message: err.message };
    const nid = err.nodeId ?? nodeId;
    if (nid !== undefined) out.nodeId = nid;
    if (err.retryable) out.retryable = true;
    if (err.details !== undefined) out.details = err.details;
    return out;
  }
  if (typeof err === 'object' && err !== null && typeof (err as SerializedError).code === 'string' && typeof (err as SerializedError).message === 'string') {
    const e = err as SerializedError;
    return nodeId !== undefined && e.nodeId === undefined ? { code: e.code, message: e.message, nodeId } : { code: e.code, message: e.message, ...(e.nodeId ? { nodeId: e.nodeId } : {}) };
  }
  const message = err instanceof Error ? err.message : String(err);
  return nodeId === undefined ? { code: 'INTERNAL', message } : { code: 'INTERNAL', message, nodeId };
}
