/**
 * The workflow file format: a versioned zod schema with a migration path.
 * `parseWorkflow` accepts any known version and returns the current one.
 */
import { z } from 'zod';

export const CURRENT_WORKFLOW_VERSION = 1 as const;

const idSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'ids use letters, digits, _ . : -');

export const nodeSchemaV1 = z.object({
  id: idSchema,
  type: z.string().min(1),
  title: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
  timeoutMs: z.number().int().positive().optional(),
  retries: z.number().int().min(0).max(100).optional(),
});

export const edgeSchemaV1 = z.object({
  from: idSchema,
  fromPort: z.string().min(1),
  to: idSchema,
  toPort: z.string().min(1),
});

export const workflowSchemaV1 = z.object({
  version: z.literal(1),
  name: z.string().min(1).max(500),
  nodes: z.array(nodeSchemaV1),
  edges: z.array(edgeSchemaV1),
});

export type WorkflowNode = z.infer<typeof nodeSchemaV1>;
export type WorkflowEdge = z.infer<typeof edgeSchemaV1>;
export type Workflow = z.infer<typeof workflowSchemaV1>;

/**
 * Migrations from version N to N+1. Each takes the raw object of version N.
 * Version 1 is the first; add `2: (v1) => v2` here when the format changes.
 */
const migrations: Record<number, (raw: Record<string, unknown>) => Record<string, unknown>> = {};

export type ParseResult =
  | { ok: true; workflow: Workflow; migratedFrom?: number }
  | { ok: false; issues: { path: (string | number)[]; message: string }[]; code: 'WORKFLOW_SCHEMA' | 'WORKFLOW_VERSION' };

export function parseWorkflow(raw: unknown): ParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, code: 'WORKFLOW_SCHEMA', issues: [{ path: [], message: 'a workflow is a JSON object' }] };
  }
  let obj = raw as Record<string, unknown>;
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, code: 'WORKFLOW_VERSION', issues: [{ path: ['version'], message: `version must be an integer ≥ 1, got ${JSON.stringify(version)}` }] };
  }
  if (version > CURRENT_WORKFLOW_VERSION) {
    return { ok: false, code: 'WORKFLOW_VERSION', issues: [{ path: ['version'], message: `version ${version} is newer than this grym understands (${CURRENT_WORKFLOW_VERSION})` }] };
  }
  for (let v = version; v < CURRENT_WORKFLOW_VERSION; v++) {
    const m = migrations[v];
    if (!m) return { ok: false, code: 'WORKFLOW_VERSION', issues: [{ path: ['version'], message: `no migration from version ${v}` }] };
    obj = m(obj);
  }
  const parsed = workflowSchemaV1.safeParse(obj);
  if (!parsed.success) {
    return {
      ok: false,
      code: 'WORKFLOW_SCHEMA',
      issues: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
    };
  }
  return version === CURRENT_WORKFLOW_VERSION ? { ok: true, workflow: parsed.data } : { ok: true, workflow: parsed.data, migratedFrom: version };
}
