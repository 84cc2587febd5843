import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../../electron/backend/engine/validate.ts';
import { createDefaultRegistry } from '../../../electron/backend/nodes/index.ts';

const reg = createDefaultRegistry();
const node = (id: string, type = 'util.passthrough', params?: Record<string, unknown>) => ({ id, type, ...(params ? { params } : {}) });
const edge = (from: string, to: string, fromPort = 'out', toPort = 'in') => ({ from, fromPort, to, toPort });
const codes = (r: ReturnType<typeof validateWorkflow>) => r.errors.map((e) => e.code).sort();

describe('validateWorkflow', () => {
  it('accepts a valid chain and reports levels, parallelism and the critical path', () => {
    const r = validateWorkflow(
      { version: 1, name: 'ok', nodes: [node('src', 'util.wait', { ms: 10 }), node('p1'), node('p2'), node('join', 'util.wait', { ms: 5 })], edges: [edge('src', 'p1'), edge('src', 'p2'), edge('p1', 'join')] },
      reg,
      (type, params) => (type === 'util.wait' ? Number(params.ms) : 1),
    );
    expect(r.ok).toBe(true);
    expect(r.analysis?.levels).toEqual([['src'], ['p1', 'p2'], ['join']]);
    expect(r.analysis?.maxParallelism).toBe(2);
    expect(r.analysis?.criticalPath.nodeIds).toEqual(['src', 'p1', 'join']);
    expect(r.analysis?.criticalPath.estimatedMs).toBe(16);
  });

  it('reports a cycle with the nodes on it, in order', () => {
    const r = validateWorkflow({ version: 1, name: 'cyc', nodes: [node('a'), node('b'), node('c')], edges: [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')] }, reg);
    expect(r.ok).toBe(false);
    const cyc = r.errors.find((e) => e.code === 'WORKFLOW_CYCLE');
    expect(cyc?.nodeIds).toEqual(['a', 'b', 'c']);
    expect(cyc?.message).toContain('a → b → c → a');
  });

  it('reports a missing required input', () => {
    const r = validateWorkflow({ version: 1, name: 'm', nodes: [node('lonely')], edges: [] }, reg);
    expect(codes(r)).toEqual(['MISSING_INPUT']);
    expect(r.errors[0]!.nodeIds).toEqual(['lonely']);
  });

  it('reports unknown node types, unknown ports and duplicate ids', () => {
    const r = validateWorkflow(
      { version: 1, name: 'x', nodes: [node('w', 'util.wait'), node('w', 'util.wait'), node('q', 'no.such'), node('p')], edges: [edge('w', 'p', 'nope', 'in'), edge('w', 'p', 'out', 'zzz')] },
      reg,
    );
    expect(codes(r)).toEqual(expect.arrayContaining(['DUPLICATE_NODE_ID', 'UNKNOWN_NODE_TYPE', 'UNKNOWN_PORT', 'MISSING_INPUT']));
    expect(r.errors.filter((e) => e.code === 'UNKNOWN_PORT')).toHaveLength(2);
  });

  it('reports invalid params with the zod path', () => {
    const r = validateWorkflow({ version: 1, name: 'p', nodes: [node('w', 'util.wait', { ms: 'soon' })], edges: [] }, reg);
    expect(r.errors[0]).toMatchObject({ code: 'INVALID_PARAMS', nodeIds: ['w'], path: ['params', 'ms'] });
  });

  it('reports a port type mismatch', async () => {
    const { NodeRegistry } = await import('../../../electron/backend/nodes/registry.ts');
    const { z } = await import('zod');
    const r2 = new NodeRegistry();
    const mk = (type: string, inputs: any[], outputs: any[]) => ({ type, version: 1, title: type, category: 't', description: '', inputs, outputs, params: z.object({}), cacheable: false, run: async () => ({}) });
    r2.register(mk('t.audio', [], [{ name: 'audio', type: 'audio' }])).register(mk('t.notes', [{ name: 'notes', type: 'notes', required: true }], []));
    const r = validateWorkflow({ version: 1, name: 't', nodes: [node('a', 't.audio'), node('n', 't.notes')], edges: [edge('a', 'n', 'audio', 'notes')] }, r2);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'PORT_TYPE_MISMATCH', nodeIds: ['a', 'n'] })]);
  });

  it('warns about unused nodes and redundant edges', () => {
    const r = validateWorkflow(
      {
        version: 1,
        name: 'w',
        nodes: [node('a', 'util.wait'), node('b', 'util.wait'), node('c', 'util.wait'), node('alone', 'util.wait')],
        edges: [edge('a', 'b'), edge('b', 'c'), edge('a', 'c')],
      },
      reg,
    );
    expect(r.errors).toEqual([expect.objectContaining({ code: 'DUPLICATE_INPUT' })]);
    const w = validateWorkflow(
      { version: 1, name: 'w', nodes: [node('a', 'util.wait'), node('b', 'util.wait'), node('alone', 'util.wait')], edges: [edge('a', 'b')] },
      reg,
    );
    expect(w.ok).toBe(true);
    expect(w.warnings.map((x) => x.code)).toContain('UNUSED_NODE');
    expect(w.warnings.find((x) => x.code === 'UNUSED_NODE')?.nodeIds).toEqual(['alone']);
  });

  it('rejects a malformed document with WORKFLOW_SCHEMA and a newer version with WORKFLOW_VERSION', () => {
    expect(codes(validateWorkflow({ version: 1, name: 'x', nodes: 'no' }, reg))).toContain('WORKFLOW_SCHEMA');
    expect(codes(validateWorkflow({ version: 99, name: 'x', nodes: [], edges: [] }, reg))).toEqual(['WORKFLOW_VERSION']);
    expect(codes(validateWorkflow('just a string', reg))).toEqual(['WORKFLOW_SCHEMA']);
  });
});
