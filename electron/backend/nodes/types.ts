/**
 * What a node type is: typed ports, a param schema, a version (part of its cache key), resource
 * needs, a default retry policy, and whether its outputs may be cached.
 *
 * Node outputs are JSON-serialisable values. Large binary data (decoded audio, say) is written to
 * the artifact store with `ctx.artifacts.putBytes` and passed by reference (its hash) inside the
 * JSON value, so audio flows between nodes by reference, never through events.
 */
import type { z } from 'zod';
import type { PortSpec } from '../../../shared/ports.ts';
import type { Workflow } from '../../../shared/workflow/schema.ts';

export interface ResourceNeeds {
  /** CPU slots (default 1). */
  cpu?: number;
  /** GPU slots (default 0). */
  gpu?: number;
  /** Memory budget in MB (default 0). */
  memoryMb?: number;
  /** Circuit-breaker key: repeated failures on the same key (a model id, say) open the breaker. */
  breakerKey?: string;
}

export interface RetryPolicySpec {
  /** How many more attempts a retryable failure gets. */
  retries: number;
  /** First backoff delay in ms (exponential with jitter after that). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface ArtifactStoreApi {
  /** Stores bytes; returns their sha256 hex. Idempotent. */
  putBytes(data: Uint8Array): string;
  getBytes(hash: string): Buffer;
  /** Stores a JSON value canonically; returns its hash. */
  putJson(value: unknown): string;
  getJson<T = unknown>(hash: string): T;
  has(hash: string): boolean;
  /** Absolute path of an artifact's file (for streaming large blobs). */
  pathOf(hash: string): string;
}

export interface NodeResourceGate {
  acquire(needs: Record<string, number>, opts?: { priority?: number; signal?: AbortSignal; owner?: string }): Promise<{ release(): void }>;
}

export interface ContextScopeApi {
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown, opts?: { ttlMs?: number }): void;
  has(key: string): boolean;
  delete(key: string): boolean;
}

export interface NodeRunContext<P> {
  runId: string;
  nodeId: string;
  attempt: number;
  params: P;
  /** Input values by port name (absent for unconnected optional ports). */
  inputs: Record<string, unknown>;
  /** Aborted on cancellation and on the per-attempt timeout. Long work must check it. */
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
  log(message: string): void;
  artifacts: ArtifactStoreApi;
  context: ContextScopeApi;
  /** Where the user's data lives (exports default here). */
  dataDir: string;
  /**
   * The engine's resource manager, for work that takes slots of its own inside a node (the model
   * session pool takes its cpu/gpu slot and memory budget per inference).
   */
  resources?: NodeResourceGate;
  /** The workflow this run executes (exports embed it). */
  workflow?: Workflow | undefined;
}

export interface NodeTypeDef<P = Record<string, unknown>> {
  type: string;
  version: number;
  title: string;
  category: string;
  description: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  params: z.ZodType<P>;
  resources?: ResourceNeeds | ((params: P) => ResourceNeeds);
  retry?: RetryPolicySpec;
  cacheable: boolean;
  /**
   * What else, beyond params and inputs, the outputs depend on (a source file's content hash, say).
   * It joins the cache key, so a cacheable node that reads the outside world re-runs when that changes.
   */
  cacheSalt?: (params: P, signal: AbortSignal) => Promise<string>;
  /** A first guess of one run's duration, used until this machine has history. */
  expectedMs?: number | ((params: P) => number);
  run(ctx: NodeRunContext<P>): Promise<Record<string, unknown>>;
}

/** Helper that keeps the param type when declaring a node type. */
export function defineNodeType<P>(def: NodeTypeDef<P>): NodeTypeDef<P> {
  return def;
}
